/** A short 2018 report of 许昌市 whose review states outcomes of some of the sample's 2017 targets. */
export const XUCHANG_2018 = [
  '2018年许昌市政府工作报告',
  '——2018年1月20日在许昌市第七届人民代表大会第二次会议上',
  '各位代表：',
  '现在，我代表市人民政府向大会报告工作，请予审议。',
  '一、2017年工作回顾',
  '过去一年，全市生产总值增长8.6%，一般公共预算收入增长7.1%，新增贷款180亿元，居民消费价格上涨1.5%。',
  '二、2018年工作安排',
  '今年经济社会发展的主要预期目标是：生产总值增长8%以上，新增贷款180亿元。',
].join('\n');

export function multipart(fileName: string, content: string) {
  const boundary = '----promises-boundary';
  return {
    payload: Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/plain\r\n\r\n${content}\r\n--${boundary}--\r\n`,
    ),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

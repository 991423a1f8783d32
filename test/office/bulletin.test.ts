import JSZip from 'jszip';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { buildBulletinDocx, type BulletinData } from '../../src/office/bulletin.ts';
import { findChartFont, renderDepartmentRanking, renderStatusChart } from '../../src/office/charts.ts';

const PNG = [0x89, 0x50, 0x4e, 0x47];

describe('督查通报 .docx and charts', () => {
  const font = findChartFont();

  it('renders charts with Chinese text to PNG on the server', () => {
    const pie = renderStatusChart(
      [
        { name: '正常推进', value: 30 },
        { name: '滞后', value: 5 },
      ],
      font,
    );
    const bar = renderDepartmentRanking(
      [
        { name: '教育局', value: 100 },
        { name: '财政局', value: 50 },
      ],
      font,
    );
    for (const png of [pie, bar]) {
      expect([...png.subarray(0, 4)]).toEqual(PNG);
      expect(png.length).toBeGreaterThan(5000);
    }
    // 640x400 at 2x.
    expect(pie.readUInt32BE(16)).toBe(1280);
  });

  it('is an official document: issuer, 文号, title, sections, charts, fonts with fallbacks, page numbers', async () => {
    const chart = renderStatusChart([{ name: '正常推进', value: 3 }], font);
    const data: BulletinData = {
      issuer: '示范市人民政府督查室',
      docNumber: '示政督〔2017〕6号',
      title: '关于2017年6月份政府工作报告重点工作推进情况的通报',
      recipients: '各县（市、区）人民政府，市人民政府各部门：',
      date: '2017年7月10日',
      overall: ['50项重点工作中已完成2项。'],
      charts: [{ title: '图1 重点工作推进状态分布', png: chart, width: 640, height: 400 }],
      ahead: [{ task: '发展教育', department: '教育局', note: '完成80%，时间进度50%' }],
      behind: [
        {
          department: '财政局',
          tasks: [{ task: '扩大融资', reason: '完成10%，时间进度50%', cause: '项目审批慢', nextSteps: '' }],
        },
      ],
      late: [{ department: '审计局', tasks: ['坚持清廉为政'] }],
      requirements: ['对照序时进度查漏补缺。'],
    };
    const bytes = await buildBulletinDocx(data);
    const { value: text } = await mammoth.extractRawText({ buffer: bytes });
    const lines = text.split('\n').filter((l) => l.trim() !== '');
    expect(lines.slice(0, 4)).toEqual([
      '示范市人民政府督查室',
      '示政督〔2017〕6号',
      '关于2017年6月份政府工作报告重点工作推进情况的通报',
      '各县（市、区）人民政府，市人民政府各部门：',
    ]);
    expect(lines.filter((l) => /^[一二三四五]、/.test(l))).toEqual([
      '一、总体进展情况',
      '二、进度较快的工作',
      '三、滞后于序时进度的工作',
      '四、未按时报送进展的单位',
      '五、工作要求',
    ]);
    expect(text).toContain('（一）财政局（1项）');
    expect(text).toContain('1. 扩大融资。完成10%，时间进度50%。存在问题：项目审批慢。下一步措施：未说明。');
    expect(text).toContain('审计局（1项）');
    const zip = await JSZip.loadAsync(bytes);
    const images = Object.keys(zip.files).filter((f) => f.startsWith('word/media/'));
    expect(images).toHaveLength(1);
    const fontTable = await zip.file('word/fontTable.xml')!.async('string');
    expect(fontTable).toContain('<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>');
    expect(fontTable).toContain('<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>');
    const document = await zip.file('word/document.xml')!.async('string');
    expect(document).toContain('w:eastAsia="仿宋_GB2312"');
    expect(document).toContain('w:eastAsia="黑体"');
    const footers = await Promise.all(
      Object.keys(zip.files)
        .filter((f) => /^word\/footer\d*\.xml$/.test(f))
        .map((f) => zip.file(f)!.async('string')),
    );
    expect(footers.join('')).toMatch(/PAGE/);
  });
});

import fs from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([PieChart, BarChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

/** CJK fonts looked for, in order; LUOSHI_CHART_FONT (passed in by the caller) wins. */
export const CJK_FONT_CANDIDATES = [
  '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc',
  '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc',
  '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc',
  '/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc',
  '/System/Library/Fonts/PingFang.ttc',
  'C:\\Windows\\Fonts\\msyh.ttc',
];

export type ChartFont = { files: string[]; family: string };

/** The first CJK font found (or null: charts then render with whatever system fonts resvg finds). */
export function findChartFont(preferred: string | null = null): ChartFont | null {
  const file = [preferred, ...CJK_FONT_CANDIDATES].find((f) => f !== null && fs.existsSync(f));
  if (!file) return null;
  const family = /wqy-microhei/.test(file)
    ? 'WenQuanYi Micro Hei'
    : /wqy-zenhei/.test(file)
      ? 'WenQuanYi Zen Hei'
      : /Noto/.test(file)
        ? 'Noto Sans CJK SC'
        : /PingFang/.test(file)
          ? 'PingFang SC'
          : 'Microsoft YaHei';
  return { files: [file], family };
}

function render(
  option: echarts.EChartsCoreOption,
  width: number,
  height: number,
  font: ChartFont | null,
): Buffer {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    textStyle: { fontFamily: font?.family ?? 'sans-serif' },
    ...option,
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: 2 },
    font: font
      ? { fontFiles: font.files, loadSystemFonts: false, defaultFontFamily: font.family }
      : { loadSystemFonts: true },
  });
  return Buffer.from(resvg.render().asPng());
}

export const STATUS_COLORS: Record<string, string> = {
  已完成: '#2e7d32',
  正常推进: '#66bb6a',
  滞后: '#f9a825',
  严重滞后: '#d32f2f',
  未报送: '#9e9e9e',
};

/**
 * The status mix of a plan's tasks as a PNG pie (2x for print).
 * @example renderStatusChart([{ name: '正常推进', value: 30 }, { name: '滞后', value: 5 }], font) -> <PNG bytes>
 */
export function renderStatusChart(items: { name: string; value: number }[], font: ChartFont | null): Buffer {
  return render(
    {
      title: { text: '重点工作推进状态', left: 'center', top: 8, textStyle: { fontSize: 18 } },
      legend: { bottom: 8, itemGap: 18, textStyle: { fontSize: 14 } },
      series: [
        {
          type: 'pie',
          radius: ['32%', '62%'],
          center: ['50%', '50%'],
          label: { formatter: '{b}\n{c}项（{d}%）', fontSize: 14 },
          data: items
            .filter((x) => x.value > 0)
            .map((x) => ({ ...x, itemStyle: { color: STATUS_COLORS[x.name] ?? '#607d8b' } })),
        },
      ],
    },
    640,
    400,
    font,
  );
}

/**
 * Departments ranked by the share of their lead tasks on schedule, as a PNG horizontal bar chart.
 * @example renderDepartmentRanking([{ name: '教育局', value: 100 }, { name: '财政局', value: 50 }], font) -> <PNG bytes>
 */
export function renderDepartmentRanking(
  items: { name: string; value: number }[],
  font: ChartFont | null,
): Buffer {
  const sorted = [...items].sort((a, b) => a.value - b.value);
  const height = Math.max(260, 70 + sorted.length * 24);
  return render(
    {
      title: { text: '牵头单位按序时进度推进率（%）', left: 'center', top: 8, textStyle: { fontSize: 18 } },
      grid: { left: 170, right: 60, top: 48, bottom: 24 },
      xAxis: { type: 'value', max: 100, axisLabel: { fontSize: 12 } },
      yAxis: { type: 'category', data: sorted.map((x) => x.name), axisLabel: { fontSize: 13 } },
      series: [
        {
          type: 'bar',
          data: sorted.map((x) => ({
            value: x.value,
            itemStyle: { color: x.value >= 80 ? '#43a047' : x.value >= 60 ? '#f9a825' : '#d32f2f' },
          })),
          label: { show: true, position: 'right', formatter: '{c}%', fontSize: 12 },
          barMaxWidth: 18,
        },
      ],
    },
    720,
    height,
    font,
  );
}

/** JSON schemas shared by the evaluation and supervision routes. */
export const asOfQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    asOf: {
      type: 'string',
      pattern: '^\\d{4}-\\d{2}-\\d{2}$',
      description: '评估日期 / judge as of this date (YYYY-MM-DD)',
    },
  },
} as const;

export const statusSchema = {
  type: 'object',
  properties: {
    level: { type: 'string', enum: ['done', 'green', 'yellow', 'red', 'grey'] },
    reason: { type: 'string' },
    reasonEn: { type: 'string' },
    completion: { type: ['number', 'null'] },
    expected: { type: ['number', 'null'] },
    final: { type: 'string', enum: ['met', 'missed'] },
    period: { type: ['string', 'null'] },
  },
} as const;

import type { WorkCalendar } from './work-calendar'

/**
 * The 2026 work calendar of mainland China, as data: weekends, the official holidays and the
 * make-up working days of 国务院办公厅关于2026年部分节假日安排的通知 (issued 2025-11-04, published by
 * Xinhua the same day). Every date below is from that notice; no other date is asserted (local
 * extra days off, such as some ethnic-minority holidays, are not included).
 *
 * - 元旦 1月1日至3日放假调休，共3天；1月4日（周日）上班。
 * - 春节 2月15日至23日放假调休，共9天；2月14日（周六）、2月28日（周六）上班。
 * - 清明节 4月4日至6日放假，共3天。
 * - 劳动节 5月1日至5日放假调休，共5天；5月9日（周六）上班。
 * - 端午节 6月19日至21日放假，共3天。
 * - 中秋节 9月25日至27日放假，共3天。
 * - 国庆节 10月1日至7日放假调休，共7天；9月20日（周日）、10月10日（周六）上班。
 *
 * @example
 * CN_2026.holidays.length // 33
 * @since 0.1.0
 */
export const CN_2026: WorkCalendar = {
  id: 'cn-2026',
  title: { 'zh-CN': '2026年全国法定节假日与调休', en: 'Mainland China 2026: official holidays and make-up working days' },
  timeZone: 'Asia/Shanghai',
  covers: { from: '2026-01-01', until: '2026-12-31' },
  source: '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）',
  weekend: [6, 7],
  holidays: [
    // 元旦
    '2026-01-01', '2026-01-02', '2026-01-03',
    // 春节
    '2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20', '2026-02-21', '2026-02-22', '2026-02-23',
    // 清明节
    '2026-04-04', '2026-04-05', '2026-04-06',
    // 劳动节
    '2026-05-01', '2026-05-02', '2026-05-03', '2026-05-04', '2026-05-05',
    // 端午节
    '2026-06-19', '2026-06-20', '2026-06-21',
    // 中秋节
    '2026-09-25', '2026-09-26', '2026-09-27',
    // 国庆节
    '2026-10-01', '2026-10-02', '2026-10-03', '2026-10-04', '2026-10-05', '2026-10-06', '2026-10-07',
  ],
  workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
}

// Money as the credits section of every output prints it: Intl.NumberFormat in the amount's own
// currency, in one fixed locale (en-US) so outputs do not change with the machine's settings:
// 3600 EUR → "€3,600.00", 3600 USD → "$3,600.00", 3600 JPY → "¥3,600".
const LOCALE = 'en-US';
const cache = new Map<string, Intl.NumberFormat>();

export function money(amount: number, currency: string): string {
  let f = cache.get(currency);
  if (!f) cache.set(currency, (f = new Intl.NumberFormat(LOCALE, { style: 'currency', currency })));
  return f.format(amount);
}

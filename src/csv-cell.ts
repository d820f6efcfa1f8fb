/**
 * Neutralise a text cell a spreadsheet would run as a formula (CSV injection): a cell starting with
 * `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`, as OWASP recommends
 * (https://owasp.org/www-community/attacks/CSV_Injection). Plain numbers ("-12.50", "+3") stay as they are.
 */
export function csvText(value: string): string {
  if (!/^[=+\-@\t\r]/.test(value) || /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value)) return value;
  return `'${value}`;
}

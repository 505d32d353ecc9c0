/**
 * Our side's numbers in simulated calls: from ranges reserved for fiction or documentation
 * where the country has one (US 555-01xx, UK 020 7946 0xxx).
 */
export const SIMULATED_OWN_NUMBERS: readonly string[] = ['+14155550100', '+442079460100', '+254709460100'];

// Customer number shapes per language, in E.164. `#` is a random digit, `%` one from 2 to 9. US and UK use the
// fiction ranges, France the ARCEP fiction range 06 39 98; the others follow the national
// mobile format (nothing is ever dialled).
const CUSTOMER_PATTERNS: Record<string, readonly string[]> = {
  en: ['+1%##55501##', '+447700900###'],
  fr: ['+3363998####'],
  sw: ['+2547########', '+2557########'],
  es: ['+346########', '+347########'],
};

/**
 * A random customer number in E.164 for a call in `language` (country by language; English
 * for languages it has no pattern for).
 */
export function simulatedPhoneNumber(language: string, random: () => number): string {
  const patterns = CUSTOMER_PATTERNS[language] ?? CUSTOMER_PATTERNS['en']!;
  const pattern = patterns[Math.floor(random() * patterns.length)]!;
  return pattern.replace(/[#%]/g, (slot) => String(slot === '%' ? 2 + Math.floor(random() * 8) : Math.floor(random() * 10)));
}

/** "S01-001|3#2" -> key "S01-001|3", occurrence 2 (the second record with that key). */
export function splitOccurrence(recordKey: string): { key: string; occurrence: number } {
  const match = /^(.*)#(\d+)$/.exec(recordKey.trim());
  if (match && Number(match[2]) >= 1) return { key: match[1]!, occurrence: Number(match[2]) };
  return { key: recordKey.trim(), occurrence: 1 };
}

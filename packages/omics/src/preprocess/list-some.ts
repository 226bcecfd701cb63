/** The first `max` (default 20) items, quoted and comma-separated, and how many more there are — for messages. */
export function listSome(items: readonly string[], max = 20): string {
  const head = items.slice(0, max).map((s) => `"${s}"`).join(', ');
  return items.length > max ? `${head} … and ${items.length - max} more` : head;
}

export type Timed<T> = { inTime: true; value: T } | { inTime: false; later: Promise<T> };

/**
 * Waits for `work` at most `budgetMs`. Teams gives an invoke 5 seconds: past the budget the
 * handler answers at once and delivers `later` by itself (a proactive message or card update).
 */
export async function withinBudget<T>(work: Promise<T>, budgetMs: number): Promise<Timed<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), budgetMs);
  });
  try {
    const first = await Promise.race([work.then((value) => ({ value })), timeout]);
    return first === 'late' ? { inTime: false, later: work } : { inTime: true, value: first.value };
  } finally {
    clearTimeout(timer);
  }
}

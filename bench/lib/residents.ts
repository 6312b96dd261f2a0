/**
 * Residents using the site during a deploy: each loop sends a contribution, then reads the
 * register's page, until stopped. Every answer other than 201 or 200, and every request left
 * without an answer, is a failure; the receipts of the contributions taken are kept, so that
 * the caller can look each one up in the database.
 */
import type { PreparedContribution } from './intake.ts';

export function residents(origin: string, consultation: string, contributions: PreparedContribution[], loops: number) {
  const failures: string[] = [];
  const receipts: string[] = [];
  let next = 0;
  let pages = 0;
  let stopped = false;
  const loop = async () => {
    while (!stopped && next < contributions.length) {
      const item = contributions[next++]!;
      try {
        const sent = await fetch(`${origin}/consultations/${consultation}/contributions.json`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: item.body,
        });
        const answer = (await sent.json()) as { recu?: string };
        if (sent.status === 201 && answer.recu) receipts.push(answer.recu);
        else failures.push(`contribution ${item.key} : ${sent.status} ${JSON.stringify(answer)}`);
        const page = await fetch(`${origin}/registre/`);
        await page.arrayBuffer();
        if (page.status === 200) pages++;
        else failures.push(`page : ${page.status}`);
      } catch (error) {
        failures.push(`sans réponse : ${(error as Error).message} ${String((error as Error).cause ?? '')}`);
      }
    }
  };
  const running = Promise.all(Array.from({ length: loops }, loop));
  return {
    failures,
    receipts,
    pages: () => pages,
    stop: async () => {
      stopped = true;
      await running;
    },
  };
}

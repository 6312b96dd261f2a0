/** The proof of work as the consultation page's script makes it: a server's challenge, solved, in base64. */
import { solveChallenge } from 'altcha-lib/v1';

export async function solvedProof(origin: string, consultation: string, idempotencyKey: string): Promise<string> {
  const response = await fetch(`${origin}/consultations/${consultation}/defi.json?cle=${idempotencyKey}`);
  const challenge = (await response.json()) as Record<string, string>;
  const solution = await solveChallenge(challenge.challenge!, challenge.salt!, challenge.algorithm, Number(challenge.maxnumber)).promise;
  const payload = {
    algorithm: challenge.algorithm,
    challenge: challenge.challenge,
    number: solution!.number,
    salt: challenge.salt,
    signature: challenge.signature,
  };
  return Buffer.from(JSON.stringify(payload)).toString('base64');
}

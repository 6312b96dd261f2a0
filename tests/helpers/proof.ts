/** The proof of work as the consultation page's script makes it: a challenge, solved, in base64. */
import { solveChallenge } from 'altcha-lib/v1';

interface IssuedChallenge {
  algorithm: string;
  challenge: string;
  maxnumber: number | string;
  salt: string;
  signature: string;
}

/** Solves a challenge and encodes the answer as the form's `preuve` field. */
export async function solve(challenge: IssuedChallenge): Promise<string> {
  const solution = await solveChallenge(challenge.challenge, challenge.salt, challenge.algorithm, Number(challenge.maxnumber)).promise;
  const payload = {
    algorithm: challenge.algorithm,
    challenge: challenge.challenge,
    number: solution!.number,
    salt: challenge.salt,
    signature: challenge.signature,
  };
  return Buffer.from(JSON.stringify(payload)).toString('base64');
}

/** A server's challenge for this form (GET defi.json), solved. */
export async function solvedProof(origin: string, consultation: string, idempotencyKey: string): Promise<string> {
  const response = await fetch(`${origin}/consultations/${consultation}/defi.json?cle=${idempotencyKey}`);
  return solve((await response.json()) as IssuedChallenge);
}

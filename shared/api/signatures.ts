import { z } from 'zod';
import { lazySchema } from './lazy-schema';

/**
 * A signature on a decision that matters (lock, unlock, close, accept), as 21 CFR Part 11 asks of
 * signed records: what it means, and in team mode the person's password, re-entered and checked by
 * the server. On a study file there are no accounts: the meaning alone is recorded, with --user.
 */
export const signatureRequestSchema = lazySchema(() =>
  z
    .object({
      meaning: z.string().trim().min(1, 'state what the signature means').max(200),
      password: z.string().min(1).max(1000).optional(),
    })
    .strict(),
);
export type SignatureRequest = z.infer<typeof signatureRequestSchema>;

/** A signature as the audit trail and the cuts show it. */
export const signatureSchema = lazySchema(() =>
  z.object({ by: z.string(), at: z.string(), meaning: z.string() }),
);
export type Signature = z.infer<typeof signatureSchema>;

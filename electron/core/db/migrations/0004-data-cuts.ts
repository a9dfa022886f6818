/** Reserved for data cuts and the lock (issue 6). */
export const migration0004 = /* sql */ `
SELECT 1;
`;

/** Reserved for the audit trail and query lists (issue 5). */
export const migration0003 = /* sql */ `
SELECT 1;
`;

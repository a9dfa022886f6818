import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { lazySchema } from '../../shared/api/lazy-schema';
import { apiContract, apiMethods } from '../../shared/api/contract';
import { checkRunRequestSchema, checkRunResultSchema } from '../../shared/api/checks';
import { setStatusRequestSchema } from '../../shared/api/discrepancies';

const eager = () =>
  z.object({ id: z.number().int(), tags: z.array(z.enum(['a', 'b'])).default([]) }).strict();

describe('lazySchema', () => {
  it('builds the schema the first time it is used, and only once', () => {
    let builds = 0;
    const schema = lazySchema(() => {
      builds += 1;
      return eager();
    });
    expect(builds).toBe(0);
    expect(schema.parse({ id: 1 })).toEqual({ id: 1, tags: [] });
    expect(schema.safeParse({ id: 2, tags: ['a'] }).success).toBe(true);
    expect(builds).toBe(1);
  });

  it('accepts and refuses what the schema itself does, with the same issues', () => {
    const lazy = lazySchema(eager);
    for (const input of [{ id: 1 }, { id: 1.5 }, { id: 1, extra: true }, { id: 1, tags: ['c'] }, null]) {
      const a = lazy.safeParse(input);
      const b = eager().safeParse(input);
      expect(a.success).toBe(b.success);
      expect(a.error?.issues).toEqual(b.error?.issues);
      expect(a.data).toEqual(b.data);
    }
  });

  it('is a zod schema to zod: nested, extended, picked, made optional', () => {
    const item = lazySchema(eager);
    expect(item instanceof z.ZodObject).toBe(true);
    expect(item instanceof z.ZodType).toBe(true);
    expect(Object.keys(item.shape)).toEqual(['id', 'tags']);
    const page = z.object({ rows: z.array(item), first: item.optional() });
    expect(page.parse({ rows: [{ id: 1 }] })).toEqual({ rows: [{ id: 1, tags: [] }] });
    expect(page.safeParse({ rows: [{ id: 'x' }] }).error?.issues[0]?.path).toEqual(['rows', 0, 'id']);
    const extended = lazySchema(() => item.extend({ name: z.string() }));
    expect(extended.parse({ id: 1, name: 'n' })).toEqual({ id: 1, name: 'n', tags: [] });
    expect(item.pick({ id: true }).safeParse({ id: 1, tags: [] }).success).toBe(false);
  });

  it('every method of the contract has schemas that build and validate', () => {
    for (const method of apiMethods) {
      const { input, output } = apiContract[method];
      expect(input instanceof z.ZodType, method).toBe(true);
      expect(output instanceof z.ZodType, method).toBe(true);
      expect(typeof input.safeParse({}).success, method).toBe('boolean');
    }
    expect(apiContract['checks.run'].input).toBe(checkRunRequestSchema);
    expect(apiContract['checks.run'].output).toBe(checkRunResultSchema);
    expect(checkRunRequestSchema.parse({})).toEqual({ full: false });
    expect(checkRunRequestSchema.safeParse({ full: true, extra: 1 }).success).toBe(false);
    expect(apiContract['imports.commit'].input.safeParse({ previewId: 'p' }).success).toBe(true);
    expect(setStatusRequestSchema.shape.status.options.length).toBeGreaterThan(0);
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseRecord } from './parse.ts';
import { RECORD_SCHEMAS } from './registry.ts';

describe('record registry', () => {
  it('turns every record schema into a JSON Schema object for the OpenAPI document', () => {
    for (const [name, schema] of Object.entries(RECORD_SCHEMAS)) {
      const json = z.toJSONSchema(schema) as { type?: string; required?: string[] };
      expect(json.type, name).toBe('object');
      expect(json.required, name).toContain('participantId');
    }
  });

  it('rejects an empty object for every record type with a one-line message naming a field', () => {
    for (const [name, schema] of Object.entries(RECORD_SCHEMAS)) {
      expect(() => parseRecord(schema, {}, name), name).toThrow(
        new RegExp(`^${name}: field '[a-zA-Z.]+': [^\\n]+$`),
      );
    }
  });

  it('requires a withdrawal reason with a withdrawal date', () => {
    const p = {
      participantId: 'CX-001',
      siteId: 'FZ',
      sex: 'male',
      enrolledDate: '2024-01-01',
      withdrawnDate: '2024-02-01',
    };
    expect(RECORD_SCHEMAS.participant.safeParse(p).success).toBe(false);
    expect(RECORD_SCHEMAS.participant.safeParse({ ...p, withdrawalReason: 'moved away' }).success).toBe(true);
  });
});

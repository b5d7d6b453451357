import { LESION_REVIEW_SIGNATURE_MEANING } from '@cxcr4pet/study';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lesionReviewExtension } from './routes/lesion-reviews.ts';
import { seedParticipant } from './test-fixtures.ts';
import { type Client, startTestServer, TEST_PASSWORD, type TestServer } from './test-support.ts';

const review = (thresholdSuv: number, edits: string[]) => ({
  studyId: 'LR-1-pentixafor',
  segmentation: { thresholdSuv, minVolumeMl: 0.5 },
  lesions: [
    {
      label: 1,
      origin: 'engine',
      suvMax: 12.9,
      suvMean: 8.1,
      suvPeak: 11.2,
      volumeMl: 5.9,
      centroidMm: [0, -60, 619],
    },
    {
      label: 2,
      origin: 'reader',
      suvMax: 9.7,
      suvMean: 6.0,
      suvPeak: null,
      volumeMl: 3.5,
      centroidMm: [-25, 20, 300],
    },
  ],
  references: [
    {
      organ: 'liver',
      centreLps: [-110, 20, 440],
      diameterMm: 30,
      meanSuv: 1.91,
      sdSuv: 0.2,
      maxSuv: 2.5,
      peakSuv: 1.92,
      volumeMl: 13.4,
    },
  ],
  edits,
});

describe('lesion reviews (extension)', () => {
  let server: TestServer;
  let reader: Client;
  let coordinator: Client;
  let admin: Client;
  const base = '/api/participants/LR-1/lesion-reviews';
  beforeAll(async () => {
    server = await startTestServer({ extensions: [lesionReviewExtension] });
    await seedParticipant(server.db, 'LR-1', 'A');
    await seedParticipant(server.db, 'LR-B', 'B');
    [reader, coordinator, admin] = (await Promise.all(
      ['reader-a', 'coordinator-a', 'admin-a'].map((u) => server.signIn(u)),
    )) as [Client, Client, Client];
  });
  afterAll(() => server.close());

  it('saves, signs with the password and the stated meaning, and makes a change after signing a new unsigned version; all audited', async () => {
    const created = await reader.call('POST', base, { data: review(4, ['lesion 2 added']) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      type: 'lesion-review',
      version: 1,
      data: { participantId: 'LR-1' },
    });
    const id = created.body.recordId as string;

    const wrong = await reader.call('POST', `${base}/${id}/sign`, {
      version: 1,
      password: 'not my password',
      meaning: LESION_REVIEW_SIGNATURE_MEANING,
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.field).toBe('password');
    const noMeaning = await reader.call('POST', `${base}/${id}/sign`, {
      version: 1,
      password: TEST_PASSWORD,
      meaning: 'ok',
    });
    expect(noMeaning.status).toBe(400);
    expect(noMeaning.body.field).toBe('meaning');

    const signed = await reader.call('POST', `${base}/${id}/sign`, {
      version: 1,
      password: TEST_PASSWORD,
      meaning: LESION_REVIEW_SIGNATURE_MEANING,
    });
    expect(signed.status).toBe(200);
    expect(signed.body).toMatchObject({
      version: 2,
      data: { signature: { signedBy: 'reader-a', meaning: LESION_REVIEW_SIGNATURE_MEANING } },
    });
    const again = await reader.call('POST', `${base}/${id}/sign`, {
      version: 2,
      password: TEST_PASSWORD,
      meaning: LESION_REVIEW_SIGNATURE_MEANING,
    });
    expect(again.status).toBe(409);

    // A change needs a reason and the loaded version; it is version 3, unsigned.
    const noReason = await reader.call('PUT', `${base}/${id}`, { version: 2, data: review(5, ['re-run']) });
    expect(noReason.status).toBe(400);
    const stale = await reader.call('PUT', `${base}/${id}`, {
      version: 1,
      reason: 'x',
      data: review(5, ['re-run']),
    });
    expect(stale.status).toBe(409);
    const changed = await reader.call('PUT', `${base}/${id}`, {
      version: 2,
      reason: 'threshold raised after the read',
      data: review(5, ['lesion 2 added', 're-run at SUV 5']),
    });
    expect(changed.status).toBe(200);
    expect(changed.body.version).toBe(3);
    expect(changed.body.data.signature).toBeUndefined();
    expect(changed.body.data.segmentation.thresholdSuv).toBe(5);

    // The signed version is kept in the audit trail, with each step's reason.
    const audit = await admin.call('GET', `/api/audit?entity=study_record&entityId=${id}`);
    expect(
      audit.body.entries.map((e: { action: string; reason?: string }) => [e.action, e.reason ?? null]),
    ).toEqual([
      ['update', 'threshold raised after the read'],
      ['update', `signed: ${LESION_REVIEW_SIGNATURE_MEANING}`],
      ['create', null],
    ]);
    const listed = await coordinator.call('GET', '/api/participants/LR-1/records?type=lesion-review');
    expect(listed.body.records.map((r: { version: number }) => r.version)).toEqual([3]);
  });

  it('lets only readers of the participant’s site write reviews, and no one type a signature in', async () => {
    expect((await coordinator.call('POST', base, { data: review(4, []) })).status).toBe(403);
    expect(
      (await reader.call('POST', '/api/participants/LR-B/lesion-reviews', { data: review(4, []) })).status,
    ).toBe(404);
    // The generic records API has no write route for lesion reviews.
    const typed = await reader.call('POST', '/api/participants/LR-1/records/lesion-review', {
      data: {
        ...review(4, []),
        signature: { signedBy: 'reader-a', signedAt: '2026-01-01T00:00:00Z', meaning: 'x' },
      },
    });
    expect(typed.status).toBe(404);
    // A signature in the save body is refused (not silently dropped): only the sign route writes one.
    const forged = await reader.call('POST', base, {
      data: {
        ...review(4, []),
        signature: { signedBy: 'reader-a', signedAt: '2026-01-01T00:00:00Z', meaning: 'x' },
      },
    });
    expect(forged.status).toBe(400);
    expect(forged.body.message).toContain('signature');
    const bad = await reader.call('POST', base, {
      data: { ...review(4, []), segmentation: { thresholdSuv: -1, minVolumeMl: 0 } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('data.segmentation.thresholdSuv');
  });
});

describe('signing passwords and the login lockout', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      extensions: [lesionReviewExtension],
      config: { maxFailedLogins: 3, lockoutMs: 10 * 60_000 },
    });
    await seedParticipant(server.db, 'LR-1', 'A');
  });
  afterAll(() => server.close());

  it('counts a wrong signing password like a failed sign-in: the third failure of either kind locks the account', async () => {
    const reader = await server.signIn('reader-a');
    const base = '/api/participants/LR-1/lesion-reviews';
    const created = await reader.call('POST', base, { data: review(4, []) });
    const sign = (password: string) =>
      reader.call('POST', `${base}/${created.body.recordId as string}/sign`, {
        version: 1,
        password,
        meaning: LESION_REVIEW_SIGNATURE_MEANING,
      });
    // One failed sign-in, then two wrong signing passwords: 3 failures = maxFailedLogins.
    const failedLogin = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'reader-a', password: 'guess 1' },
    });
    expect(failedLogin.statusCode).toBe(401);
    expect((await sign('guess 2')).status).toBe(403);
    const third = await sign('guess 3');
    expect(third.status).toBe(423);
    expect(third.body.code).toBe('account-locked');
    // Locked: neither the right password signs nor signs in.
    expect((await sign(TEST_PASSWORD)).status).toBe(423);
    await expect(server.signIn('reader-a')).rejects.toThrow(/423|locked/);
  });
});

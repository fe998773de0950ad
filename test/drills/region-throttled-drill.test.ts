/**
 * Drill 7: a region answering only 429. Traffic shifts away, Retry-After is honoured (and a default cool-down
 * applies without it), the circuit breaker stays closed however many 429s arrive, and once the region recovers its
 * learned limit climbs back and it takes traffic again.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';
import { candidateIn, capacitySnapshot, chat, routing, waitUntil } from './drill-kit.js';

const SOURCE = 'eu-central-1';

describe('drill: a region answering only 429', () => {
  let gateway: TestGateway | undefined;
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  async function start(): Promise<TestGateway> {
    gateway = await startTestGateway(routing(testConfig({ maxConcurrent: 8 }), { breaker: { failureThreshold: 3, openMs: 10_000 } }));
    return gateway;
  }

  it('shifts traffic away, honours Retry-After and never trips the breaker', async () => {
    const gw = await start();
    const source = gw.simulator(SOURCE);
    source.setFaults({ throttle: { retryAfterSeconds: 5 } });

    // Concurrent requests all see headroom in the source region and go there first: many 429s at once.
    const answers = await Promise.all(Array.from({ length: 8 }, () => chat(gw)));
    for (const answer of answers) {
      assert.equal(answer.status, 200, 'a 429 from one region is not the client’s 429 while others have room');
      assert.notEqual(answer.inferenceRegion, SOURCE);
    }
    const throttles = source.stats().throttledBy.fault;
    assert.ok(throttles >= 3, `at least failureThreshold 429s reached the gateway (${throttles})`);

    const candidate = await candidateIn(gw, SOURCE);
    assert.equal(candidate.breaker, 'closed', '429 is back-pressure, not an outage');
    assert.equal(candidate.headroom, 0);
    assert.match(candidate.reason, /throttled \(429\)/);
    const snapshot = await capacitySnapshot(gw, SOURCE);
    assert.equal(snapshot.consecutiveFailures, 0);
    assert.ok(snapshot.throttledUntil - Date.now() > 3_000, 'Retry-After: 5 keeps the region aside for about 5 s');
    assert.ok(snapshot.learnedMaxConcurrent < 8, `the learned concurrency dropped (${snapshot.learnedMaxConcurrent})`);

    // While Retry-After runs, the region is not called at all.
    const before = source.stats().received;
    for (let i = 0; i < 4; i += 1) assert.equal((await chat(gw)).attempts, 1);
    assert.equal(source.stats().received, before);
  });

  it('without Retry-After applies a short default cool-down, then tries the region again', async () => {
    const gw = await start();
    const source = gw.simulator(SOURCE);
    source.setFaults({ throttle: true });
    const first = await chat(gw);
    assert.equal(first.status, 200);
    assert.equal(first.attempts, 2);
    const snapshot = await capacitySnapshot(gw, SOURCE);
    const coolDown = snapshot.throttledUntil - Date.now();
    assert.ok(coolDown > 0 && coolDown <= 1_500, `default cool-down of about 1 s (${coolDown} ms)`);

    // After each cool-down the gateway asks the region again and gets 429 again: three in a row (the failure
    // threshold) and the breaker still does not open.
    for (let round = 0; round < 2; round += 1) {
      const received = source.stats().received;
      await waitUntil('the cool-down to pass', async () => (await capacitySnapshot(gw, SOURCE)).throttledUntil === 0, 3_000);
      const answer = await chat(gw);
      assert.equal(answer.status, 200);
      assert.equal(answer.attempts, 2);
      assert.equal(source.stats().received, received + 1);
    }
    assert.equal((await candidateIn(gw, SOURCE)).breaker, 'closed');
  });

  it('recovers: once the 429s stop, the region takes traffic again and its learned limit climbs back', async () => {
    const gw = await start();
    const source = gw.simulator(SOURCE);
    source.setFaults({ throttle: { retryAfterSeconds: 1 } });
    await Promise.all(Array.from({ length: 8 }, () => chat(gw)));
    const lowered = (await capacitySnapshot(gw, SOURCE)).learnedMaxConcurrent;
    assert.ok(lowered <= 2, `eight 429s halve the learned concurrency down to the floor (${lowered})`);

    source.resetFaults();
    await waitUntil('Retry-After to pass', async () => (await capacitySnapshot(gw, SOURCE)).throttledUntil === 0, 3_000);
    const seen: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const answer = await chat(gw);
      assert.equal(answer.status, 200);
      assert.equal(answer.inferenceRegion, SOURCE, 'the recovered source region is first choice again');
      seen.push((await capacitySnapshot(gw, SOURCE)).learnedMaxConcurrent);
    }
    assert.equal(seen.at(-1), 8, `the learned limit is back at the declared capacity (${seen.join(',')})`);
    for (let i = 1; i < seen.length; i += 1) assert.ok(seen[i] >= seen[i - 1], `it only climbs while nothing is throttled (${seen.join(',')})`);

    // And it carries load again: a concurrent burst of 8 fits in the source region.
    const burst = await Promise.all(Array.from({ length: 8 }, () => chat(gw, { maxTokens: 24 })));
    assert.ok(burst.every((a) => a.inferenceRegion === SOURCE), `burst regions: ${burst.map((a) => a.inferenceRegion).join(',')}`);
  });
});

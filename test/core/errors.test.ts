import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  ContractError,
  isTrackerError,
  TrackerError,
  ValidationError,
} from '../../src/index.js';

describe('error classes', () => {
  it('ValidationError lists every violation in its message and keeps them as data', () => {
    const violations = [
      { path: '$.save_id', rule: 'type', message: 'must be string' },
      { path: '$.level', rule: 'minimum', message: 'must be >= 0' },
    ];
    const error = new ValidationError('iglu:com.acme/save/jsonschema/1-0-2', violations);
    expect(error).toBeInstanceOf(TrackerError);
    expect([error.name, error.code, error.schema, error.violations]).toStrictEqual([
      'ValidationError',
      'SP_ERR_VALIDATION',
      'iglu:com.acme/save/jsonschema/1-0-2',
      violations,
    ]);
    expect(error.message).toBe(
      'Validation failed for iglu:com.acme/save/jsonschema/1-0-2: $.save_id must be string; $.level must be >= 0',
    );
  });

  it('ConfigError and ContractError are TrackerErrors with stable codes, and keep their cause', () => {
    const cause = new Error('root');
    const config = new ConfigError('Invalid tracker options: x', { cause });
    const contract = new ContractError('Tracker.trackPageView', 'pageUrl', 'a non-empty string', 'undefined');
    expect([config.name, config.code, config.cause]).toStrictEqual(['ConfigError', 'SP_ERR_CONFIG', cause]);
    expect([contract.name, contract.code]).toStrictEqual(['ContractError', 'SP_ERR_CONTRACT']);
    expect(contract.message).toBe(
      'Contract breach in Tracker.trackPageView: pageUrl expected a non-empty string, got undefined',
    );
    // Guards check the code, so a copy of the error from another package instance still matches.
    expect(isTrackerError({ code: 'SP_ERR_CONTRACT', message: 'm' }, 'SP_ERR_CONTRACT')).toBe(true);
    expect(isTrackerError(config, 'SP_ERR_CONTRACT')).toBe(false);
  });
});

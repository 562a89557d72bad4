/** The naming rule (codegen/names.ts), case by case. */
import { describe, expect, it } from 'vitest';
import {
  camelCase,
  constantCase,
  exportNames,
  pascalCase,
  vendorQualifier,
  versionSuffix,
} from '../../codegen/names.js';

describe('names', () => {
  it.each([
    ['save-game', 'SaveGame'],
    ['movie_poster', 'MoviePoster'],
    ['PerformanceNavigationTiming', 'PerformanceNavigationTiming'],
    ['IN_APP_MESSAGE_DISPLAY', 'InAppMessageDisplay'],
    ['1h', 'Schema1h'],
    ['a.b-c_d', 'ABCD'],
  ])('pascalCase(%j) = %j', (given, want) => {
    expect(pascalCase(given)).toBe(want);
  });

  it.each([
    ['SaveGame', 'saveGame'],
    ['HTTPRequest', 'httpRequest'],
    ['URL', 'url'],
    ['Schema1h', 'schema1h'],
  ])('camelCase(%j) = %j', (given, want) => {
    expect(camelCase(given)).toBe(want);
  });

  it.each([
    ['SaveGame', 'SAVE_GAME'],
    ['HTTPRequest', 'HTTP_REQUEST'],
    ['MoviePoster', 'MOVIE_POSTER'],
  ])('constantCase(%j) = %j', (given, want) => {
    expect(constantCase(given)).toBe(want);
  });

  it('names the latest version plainly and older versions with their version suffix', () => {
    expect(exportNames('SaveGame', '')).toEqual({
      type: 'SaveGame',
      uri: 'SAVE_GAME',
      track: 'trackSaveGame',
      context: 'saveGameContext',
    });
    expect(exportNames('SaveGame', versionSuffix('1-0-1'))).toEqual({
      type: 'SaveGameV1_0_1',
      uri: 'SAVE_GAME_V1_0_1',
      track: 'trackSaveGameV1_0_1',
      context: 'saveGameContextV1_0_1',
    });
  });

  it.each([
    ['X', { type: 'X', uri: 'X_URI', track: 'trackX', context: 'xContext' }],
    ['A1', { type: 'A1', uri: 'A1_URI', track: 'trackA1', context: 'a1Context' }],
  ])('gives %s a URI constant that differs from its type', (base, want) => {
    expect(exportNames(base, '')).toEqual(want);
  });

  it('qualifies by vendor in PascalCase', () => {
    expect(vendorQualifier('com.snowplowanalytics.mobile')).toBe('ComSnowplowanalyticsMobile');
  });
});

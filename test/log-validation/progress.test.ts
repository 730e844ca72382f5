import { PassThrough } from 'node:stream';
import { TerminalProgress } from '../../log-validation/progress';

describe('TerminalProgress', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('redraws one line with files checked and megabytes hashed, and clears it when stopped', () => {
    let written = '';
    const terminal = new PassThrough().on('data', (c: Buffer) => (written += c.toString()));
    const progress = new TerminalProgress(terminal);

    progress.fileChecked(1_500_000);
    progress.fileChecked(2_000_000);
    jest.advanceTimersByTime(250);
    progress.stop();

    expect(written).toMatch(/^\r\x1b\[K2 log files checked, 3\.5 MB hashed \([\d.]+ MB\/s\)\r\x1b\[K$/);
  });
});

import { pino, type Logger } from 'pino';

/** A logger for code under test: silent unless LIFEBOAT_TEST_LOG_LEVEL asks for more. */
export function testLog(): Logger {
  return pino({ level: process.env.LIFEBOAT_TEST_LOG_LEVEL ?? 'silent' });
}

// The app's log lines are for operators, not for test output: tests that assert on them
// capture them with setLogSink; every other test runs with the logger silent.
import { setLogSink } from '../src/log';

setLogSink(() => undefined);

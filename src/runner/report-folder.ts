import { lockReportDir, type ReportDirLock } from '../report/lock';
import { placeholderReport, writeReports } from '../report/write';
import type { ReportHead } from './envelope';

/**
 * Takes a report folder for a run (a second run into it is refused instead of replacing this one's results) and puts
 * the placeholder in place of the previous reports, so a run that dies (out of memory, killed) never leaves an older
 * report looking current. Release the lock when the reports are written.
 */
export function holdReportFolder(reportDir: string, holder: string, head: ReportHead): ReportDirLock {
  const lock = lockReportDir(reportDir, holder);
  try {
    writeReports(placeholderReport(head), reportDir);
  } catch (error) {
    lock.release();
    throw error;
  }
  return lock;
}

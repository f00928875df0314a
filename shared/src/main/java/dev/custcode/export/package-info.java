/**
 * The folder tree written to S3 from the customer store's current state: for each changed leaf
 * folder and its ancestors an Excel-safe {@code _export.csv} and a {@code _summary.json} with the
 * folder's numbers, the search index file of each top-level folder rewritten, then
 * {@code groups/_index.json}. A manifest under {@code manifests/} names the folders that changed and
 * starts an export. Exports are rebuilt, never patched, so repeated or concurrent runs converge on
 * the same files; one too long for an invocation saves its state and the next invocation resumes it.
 * Entry points: {@link FolderExporter} (export and resume), {@link ExportManifest} (what changed),
 * {@link ExportJob} (the state saved between invocations), {@link FolderStats} (a folder's numbers).
 */
package dev.custcode.export;

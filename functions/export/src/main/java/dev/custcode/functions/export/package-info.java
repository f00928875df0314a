/**
 * The export functions: a manifest created under {@code manifests/} rewrites the changed folders'
 * {@code _export.csv} and {@code _summary.json} files and {@code groups/_index.json}; an export too
 * long for one invocation saves where it stands and goes on, step after step, from the exports
 * queue. Both handlers are adapters of {@link dev.custcode.export.FolderExporter}.
 * Entry points: {@link ManifestWrittenHandler} (S3 event on {@code manifests/} to an export),
 * {@link ExportQueuedHandler} (SQS message to the next step), {@link ExportSteps} (the deadline and
 * the follow-up both handlers share).
 */
package dev.custcode.functions.export;

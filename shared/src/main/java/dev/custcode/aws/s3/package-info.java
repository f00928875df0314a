/**
 * The S3 adapter of {@link dev.custcode.store.ObjectStore}: the data bucket read and written through
 * the S3 API, in AWS or against a local S3-compatible server. Besides plain reads and puts it does
 * range reads of one version (for chunks), multipart uploads (for long exports), presigned URLs and
 * the deletion of a key's earlier versions.
 * Entry points: {@link S3ObjectStore}.
 */
package dev.custcode.aws.s3;

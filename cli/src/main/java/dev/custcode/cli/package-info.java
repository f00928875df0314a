/**
 * The {@code custcode} command-line tool: uploads files to {@code incoming/} and follows each import
 * to its report, looks customers, folders and imports up through the HTTP API, undoes an import,
 * starts a re-evaluation and re-drives failed events. It talks to the local stack by default, or to
 * a deployed one found by its CloudFormation stack name.
 * Entry points: {@link Main} (the command, its subcommands and exit codes), {@link ImportCommand}
 * (upload, a progress bar per file, the summary), {@link Target} (which stack: endpoints, bucket,
 * credentials), {@link ApiClient} (GETs of the HTTP API, signed with SigV4).
 */
package dev.custcode.cli;

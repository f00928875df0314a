# Shared by every function's Makefile, which sets MODULE and names its sam target:
#   MODULE := functions/ingest
#   include $(dir $(lastword $(MAKEFILE_LIST)))../function.mk
#   build-IngestFunction: function
# sam build (Metadata: BuildMethod: makefile) calls build-<LogicalId> with ARTIFACTS_DIR set. A
# function is one module of a Maven reactor (it needs ../../shared and the parent POM), so the
# build runs from the repository root; samconfig.toml sets build_in_source so that SAM does not
# copy the function's folder alone to a scratch directory first (aws-sam-cli #2289).
ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))..)

.PHONY: function
function:
	@test -f "$(ROOT)/pom.xml" || { echo "expected the repository root at $(ROOT): run sam build with build_in_source" >&2; exit 1; }
	cd "$(ROOT)" && mvn -q -B -DskipTests -Dcheckstyle.skip -pl $(MODULE) -am package
	mkdir -p "$(ARTIFACTS_DIR)"
	cd "$(ARTIFACTS_DIR)" && jar xf "$(ROOT)/$(MODULE)/target/function.jar"

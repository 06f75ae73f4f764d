// Quiet, deterministic output: the SDK's Node 20 notice and Pact's telemetry notice are not test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.PACT_DO_NOT_TRACK = 'true';
// No test may look for an instance role: the metadata service is not on loopback.
process.env.AWS_EC2_METADATA_DISABLED = 'true';

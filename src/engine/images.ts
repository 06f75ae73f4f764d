/**
 * ECR registry accounts of AWS Deep Learning Containers where they differ from the common one
 * (763104351884), per AWS's "Available Deep Learning Containers Images" list. A region missing here
 * uses the common account; `--image` overrides the whole choice.
 */
const DLC_ACCOUNTS: Record<string, string> = {
  'af-south-1': '626614931356',
  'ap-east-1': '871362719292',
  'ap-south-2': '772153158452',
  'ap-southeast-4': '457447274322',
  'ca-west-1': '204538143572',
  'eu-south-1': '692866216735',
  'eu-south-2': '503227376785',
  'il-central-1': '780543022126',
  'me-central-1': '914824155844',
  'me-south-1': '217643126080',
  'cn-north-1': '727897471807',
  'cn-northwest-1': '727897471807',
  'us-gov-east-1': '446045086412',
  'us-gov-west-1': '442386744353',
};

const REPOSITORY = 'pytorch-inference:2.1.0-cpu-py310';

/**
 * A public, AWS-provided inference image in `region`: what the run's own model names when `--image` is not given.
 * The model is never deployed (the suite creates no endpoints), so any image SageMaker accepts will do.
 */
export function defaultInferenceImage(region: string): string {
  const account = DLC_ACCOUNTS[region] ?? '763104351884';
  const domain = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
  return `${account}.dkr.ecr.${region}.${domain}/${REPOSITORY}`;
}

/** The execution role the run's own model names on loopback targets, which never assume it. Not usable on AWS. */
export const PLACEHOLDER_EXECUTION_ROLE = 'arn:aws:iam::123456789012:role/sagemaker-conformance-execution';

/** The report's explore section, whose types the report layer owns. */
export type { ExploreCounts, ExploreSection, Finding, FindingReason } from '../report/explore-types';

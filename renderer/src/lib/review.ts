import { REVIEW_STATES, type ReviewState } from '../../../shared/api/review';

/** The Review filter of the Data and Subjects screens lives in their URL (`review=changed`). */
export function reviewFromParams(params: URLSearchParams): ReviewState | null {
  const value = params.get('review');
  return value !== null && (REVIEW_STATES as readonly string[]).includes(value)
    ? (value as ReviewState)
    : null;
}

/** The order the states are offered and charted in: what needs a look first. */
export const REVIEW_ORDER: readonly ReviewState[] = ['changed', 'new', 'unreviewed', 'reviewed'];

export const REVIEW_COLORS: Readonly<Record<ReviewState, string>> = {
  reviewed: '#2f9e44',
  changed: '#e8590c',
  new: '#1c7ed6',
  unreviewed: '#ced4da',
};

/** The Data screen filtered to one form's records in a review state (at a site). */
export function dataReviewPath(form: string, state: ReviewState, site?: string): string {
  const params = new URLSearchParams({ form, review: state });
  if (site) params.set('site', site);
  return `/data?${params.toString()}`;
}

/** A value as a person reads it: "—" for nothing. */
export const shownValue = (value: string | number | null | undefined): string =>
  value === null || value === undefined || value === '' ? '—' : String(value);

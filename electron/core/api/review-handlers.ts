import { markReviewed, unmarkReviewed } from '../review/mark-review';
import { reviewRecord, reviewStatus } from '../review/review-status';
import type { HandlerScope, Handlers } from './handler-types';

export function reviewHandlers({
  database,
}: HandlerScope): Handlers<'review.mark' | 'review.unmark' | 'review.status' | 'review.record'> {
  return {
    'review.mark': (input, context) => markReviewed(database, input, context),
    'review.unmark': (input, context) => unmarkReviewed(database, input, context),
    'review.status': (input, context) => reviewStatus(database, context.user, input),
    'review.record': (input, context) => reviewRecord(database, input.form, input.recordId, context.user),
  };
}

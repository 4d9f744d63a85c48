-- Requests whose referrals have gone out now wait in their own status, "responses".
UPDATE placement_requests SET status = 'responses'
  WHERE status = 'referrals' AND id IN (SELECT request_id FROM shortlists WHERE status = 'sent');
--> statement-breakpoint
-- Proposals and awards made before they kept their own copy: copy what they relied on once, before they freeze.
UPDATE award_proposals SET
  provider_name = COALESCE((SELECT name FROM providers WHERE providers.id = award_proposals.provider_id), provider_id),
  add_ons = COALESCE((SELECT add_ons FROM offers WHERE offers.id = award_proposals.offer_id), '[]'),
  conditions = (SELECT conditions FROM offers WHERE offers.id = award_proposals.offer_id);
--> statement-breakpoint
UPDATE awards SET
  provider_name = COALESCE((SELECT name FROM providers WHERE providers.id = awards.provider_id), provider_id),
  primary_need = (SELECT primary_need FROM placement_requests WHERE placement_requests.id = awards.request_id),
  conditions = (SELECT conditions FROM award_proposals WHERE award_proposals.id = awards.proposal_id),
  approver_name = COALESCE((SELECT name FROM staff WHERE staff.id = awards.approver_staff_id), ''),
  decision_reason = (SELECT decision_reason FROM award_proposals WHERE award_proposals.id = awards.proposal_id);
--> statement-breakpoint
-- An award is never changed or removed.
CREATE TRIGGER awards_no_update BEFORE UPDATE ON awards
BEGIN
  SELECT RAISE(ABORT, 'awards are frozen: an award is never changed');
END;
--> statement-breakpoint
CREATE TRIGGER awards_no_delete BEFORE DELETE ON awards
BEGIN
  SELECT RAISE(ABORT, 'awards are frozen: an award is never removed');
END;
--> statement-breakpoint
-- A decided proposal never changes; a pending one changes only by being decided.
CREATE TRIGGER award_proposals_decided_frozen BEFORE UPDATE ON award_proposals
WHEN OLD.status <> 'pending'
BEGIN
  SELECT RAISE(ABORT, 'award proposals are frozen once decided');
END;
--> statement-breakpoint
CREATE TRIGGER award_proposals_figures_frozen BEFORE UPDATE ON award_proposals
WHEN NEW.offer_id IS NOT OLD.offer_id OR NEW.provider_id IS NOT OLD.provider_id OR NEW.provider_name IS NOT OLD.provider_name
  OR NEW.weekly_fee_pence IS NOT OLD.weekly_fee_pence OR NEW.weeks_per_year IS NOT OLD.weeks_per_year
  OR NEW.add_ons_weekly_pence IS NOT OLD.add_ons_weekly_pence OR NEW.add_ons IS NOT OLD.add_ons
  OR NEW.annual_value_pence IS NOT OLD.annual_value_pence OR NEW.start_date IS NOT OLD.start_date OR NEW.conditions IS NOT OLD.conditions
  OR NEW.rationale IS NOT OLD.rationale OR NEW.lower_rank_reason IS NOT OLD.lower_rank_reason OR NEW.proposed_by_staff_id IS NOT OLD.proposed_by_staff_id
  OR NEW.request_id IS NOT OLD.request_id OR NEW.council_id IS NOT OLD.council_id
BEGIN
  SELECT RAISE(ABORT, 'award proposals are frozen: the proposed figures never change');
END;
--> statement-breakpoint
CREATE TRIGGER award_proposals_no_delete BEFORE DELETE ON award_proposals
BEGIN
  SELECT RAISE(ABORT, 'award proposals are never removed');
END;
--> statement-breakpoint
-- An offer's figures never change: a correction is a new version.
CREATE TRIGGER offers_figures_immutable BEFORE UPDATE ON offers
WHEN NEW.can_meet_needs IS NOT OLD.can_meet_needs OR NEW.weekly_fee_pence IS NOT OLD.weekly_fee_pence
  OR NEW.weeks_per_year IS NOT OLD.weeks_per_year OR NEW.add_ons_weekly_pence IS NOT OLD.add_ons_weekly_pence
  OR NEW.add_ons IS NOT OLD.add_ons OR NEW.start_date IS NOT OLD.start_date OR NEW.conditions IS NOT OLD.conditions
  OR NEW.version IS NOT OLD.version OR NEW.reply_id IS NOT OLD.reply_id OR NEW.request_id IS NOT OLD.request_id
  OR NEW.provider_id IS NOT OLD.provider_id OR NEW.council_id IS NOT OLD.council_id
  OR NEW.confirmed_by_staff_id IS NOT OLD.confirmed_by_staff_id OR NEW.confirmed_at IS NOT OLD.confirmed_at OR NEW.corrected IS NOT OLD.corrected
BEGIN
  SELECT RAISE(ABORT, 'offer figures are immutable: a correction is a new version');
END;
--> statement-breakpoint
-- Nothing about an offer changes once a pending or approved proposal rests on it.
CREATE TRIGGER offers_frozen_under_proposal BEFORE UPDATE ON offers
WHEN EXISTS (SELECT 1 FROM award_proposals p WHERE p.offer_id = OLD.id AND p.status IN ('pending', 'approved'))
BEGIN
  SELECT RAISE(ABORT, 'offer is frozen: a proposal rests on it');
END;
--> statement-breakpoint
CREATE TRIGGER offers_no_delete BEFORE DELETE ON offers
BEGIN
  SELECT RAISE(ABORT, 'offers are never removed');
END;
--> statement-breakpoint
-- No new version while the provider's offer waits for a decision, nor once the request is placed, closed or cancelled.
CREATE TRIGGER offers_no_new_version_when_frozen BEFORE INSERT ON offers
WHEN EXISTS (SELECT 1 FROM placement_requests r WHERE r.id = NEW.request_id AND r.status IN ('placed', 'closed', 'cancelled'))
  OR EXISTS (SELECT 1 FROM award_proposals p WHERE p.request_id = NEW.request_id AND p.provider_id = NEW.provider_id AND p.status = 'pending')
BEGIN
  SELECT RAISE(ABORT, 'offer is frozen: the request was decided or a proposal on this offer is pending');
END;
--> statement-breakpoint
-- A confirmed or superseded appraisal never changes, except that a confirmed one is superseded by its revision.
CREATE TRIGGER appraisals_frozen BEFORE UPDATE ON appraisals
WHEN OLD.status = 'superseded'
  OR (OLD.status = 'confirmed' AND (NEW.status IS NOT 'superseded' OR NEW.confirmed_route IS NOT OLD.confirmed_route
    OR NEW.recommendation IS NOT OLD.recommendation OR NEW.preference IS NOT OLD.preference OR NEW.confirmed_by_staff_id IS NOT OLD.confirmed_by_staff_id
    OR NEW.confirmation_reason IS NOT OLD.confirmation_reason OR NEW.confirmed_at IS NOT OLD.confirmed_at))
BEGIN
  SELECT RAISE(ABORT, 'appraisal is frozen: revise it instead');
END;
--> statement-breakpoint
CREATE TRIGGER appraisal_options_frozen_update BEFORE UPDATE ON appraisal_options
WHEN (SELECT status FROM appraisals WHERE id = OLD.appraisal_id) <> 'in_progress'
BEGIN
  SELECT RAISE(ABORT, 'appraisal is frozen: revise it instead');
END;
--> statement-breakpoint
CREATE TRIGGER appraisal_options_frozen_insert BEFORE INSERT ON appraisal_options
WHEN (SELECT status FROM appraisals WHERE id = NEW.appraisal_id) <> 'in_progress'
BEGIN
  SELECT RAISE(ABORT, 'appraisal is frozen: revise it instead');
END;
--> statement-breakpoint
CREATE TRIGGER appraisal_options_no_delete BEFORE DELETE ON appraisal_options
BEGIN
  SELECT RAISE(ABORT, 'appraisal answers are never removed');
END;
--> statement-breakpoint
-- A placed request keeps its status and what the award was made on.
CREATE TRIGGER placement_requests_placed_frozen BEFORE UPDATE ON placement_requests
WHEN OLD.status = 'placed' AND (NEW.status IS NOT OLD.status OR NEW.draft IS NOT OLD.draft OR NEW.lot IS NOT OLD.lot
  OR NEW.primary_need IS NOT OLD.primary_need OR NEW.chosen_route IS NOT OLD.chosen_route OR NEW.annual_cost_pence IS NOT OLD.annual_cost_pence)
BEGIN
  SELECT RAISE(ABORT, 'request is placed: what the award was made on is frozen');
END;

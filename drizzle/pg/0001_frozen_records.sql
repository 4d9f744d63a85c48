-- The same rules as the SQLite triggers (drizzle/0001, drizzle/0007): the audit log is append-only, and what
-- was decided is frozen in the database itself, below the code.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '%', TG_ARGV[0];
END;
$$;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_change('audit_log is append-only');
--> statement-breakpoint
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_change('audit_log is append-only');
--> statement-breakpoint
CREATE TRIGGER awards_no_update BEFORE UPDATE ON awards FOR EACH ROW EXECUTE FUNCTION refuse_change('awards are frozen: an award is never changed');
--> statement-breakpoint
CREATE TRIGGER awards_no_delete BEFORE DELETE ON awards FOR EACH ROW EXECUTE FUNCTION refuse_change('awards are frozen: an award is never removed');
--> statement-breakpoint
CREATE TRIGGER award_proposals_decided_frozen BEFORE UPDATE ON award_proposals FOR EACH ROW
  WHEN (OLD.status <> 'pending') EXECUTE FUNCTION refuse_change('award proposals are frozen once decided');
--> statement-breakpoint
CREATE TRIGGER award_proposals_figures_frozen BEFORE UPDATE ON award_proposals FOR EACH ROW
  WHEN (NEW.offer_id IS DISTINCT FROM OLD.offer_id OR NEW.provider_id IS DISTINCT FROM OLD.provider_id OR NEW.provider_name IS DISTINCT FROM OLD.provider_name
    OR NEW.weekly_fee_pence IS DISTINCT FROM OLD.weekly_fee_pence OR NEW.weeks_per_year IS DISTINCT FROM OLD.weeks_per_year
    OR NEW.add_ons_weekly_pence IS DISTINCT FROM OLD.add_ons_weekly_pence OR NEW.add_ons IS DISTINCT FROM OLD.add_ons
    OR NEW.annual_value_pence IS DISTINCT FROM OLD.annual_value_pence OR NEW.start_date IS DISTINCT FROM OLD.start_date OR NEW.conditions IS DISTINCT FROM OLD.conditions
    OR NEW.rationale IS DISTINCT FROM OLD.rationale OR NEW.lower_rank_reason IS DISTINCT FROM OLD.lower_rank_reason OR NEW.proposed_by_staff_id IS DISTINCT FROM OLD.proposed_by_staff_id
    OR NEW.request_id IS DISTINCT FROM OLD.request_id OR NEW.council_id IS DISTINCT FROM OLD.council_id)
  EXECUTE FUNCTION refuse_change('award proposals are frozen: the proposed figures never change');
--> statement-breakpoint
CREATE TRIGGER award_proposals_no_delete BEFORE DELETE ON award_proposals FOR EACH ROW EXECUTE FUNCTION refuse_change('award proposals are never removed');
--> statement-breakpoint
CREATE TRIGGER offers_figures_immutable BEFORE UPDATE ON offers FOR EACH ROW
  WHEN (NEW.can_meet_needs IS DISTINCT FROM OLD.can_meet_needs OR NEW.weekly_fee_pence IS DISTINCT FROM OLD.weekly_fee_pence
    OR NEW.weeks_per_year IS DISTINCT FROM OLD.weeks_per_year OR NEW.add_ons_weekly_pence IS DISTINCT FROM OLD.add_ons_weekly_pence
    OR NEW.add_ons IS DISTINCT FROM OLD.add_ons OR NEW.start_date IS DISTINCT FROM OLD.start_date OR NEW.conditions IS DISTINCT FROM OLD.conditions
    OR NEW.version IS DISTINCT FROM OLD.version OR NEW.reply_id IS DISTINCT FROM OLD.reply_id OR NEW.request_id IS DISTINCT FROM OLD.request_id
    OR NEW.provider_id IS DISTINCT FROM OLD.provider_id OR NEW.council_id IS DISTINCT FROM OLD.council_id
    OR NEW.confirmed_by_staff_id IS DISTINCT FROM OLD.confirmed_by_staff_id OR NEW.confirmed_at IS DISTINCT FROM OLD.confirmed_at OR NEW.corrected IS DISTINCT FROM OLD.corrected)
  EXECUTE FUNCTION refuse_change('offer figures are immutable: a correction is a new version');
--> statement-breakpoint
CREATE FUNCTION refuse_offer_change_under_proposal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM award_proposals p WHERE p.offer_id = OLD.id AND p.status IN ('pending', 'approved')) THEN
    RAISE EXCEPTION 'offer is frozen: a proposal rests on it';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER offers_frozen_under_proposal BEFORE UPDATE ON offers FOR EACH ROW EXECUTE FUNCTION refuse_offer_change_under_proposal();
--> statement-breakpoint
CREATE TRIGGER offers_no_delete BEFORE DELETE ON offers FOR EACH ROW EXECUTE FUNCTION refuse_change('offers are never removed');
--> statement-breakpoint
CREATE FUNCTION refuse_offer_version_when_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM placement_requests r WHERE r.id = NEW.request_id AND r.status IN ('placed', 'closed', 'cancelled'))
    OR EXISTS (SELECT 1 FROM award_proposals p WHERE p.request_id = NEW.request_id AND p.provider_id = NEW.provider_id AND p.status = 'pending') THEN
    RAISE EXCEPTION 'offer is frozen: the request was decided or a proposal on this offer is pending';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER offers_no_new_version_when_frozen BEFORE INSERT ON offers FOR EACH ROW EXECUTE FUNCTION refuse_offer_version_when_frozen();
--> statement-breakpoint
CREATE TRIGGER appraisals_frozen BEFORE UPDATE ON appraisals FOR EACH ROW
  WHEN (OLD.status = 'superseded'
    OR (OLD.status = 'confirmed' AND (NEW.status IS DISTINCT FROM 'superseded' OR NEW.confirmed_route IS DISTINCT FROM OLD.confirmed_route
      OR NEW.recommendation IS DISTINCT FROM OLD.recommendation OR NEW.preference IS DISTINCT FROM OLD.preference OR NEW.confirmed_by_staff_id IS DISTINCT FROM OLD.confirmed_by_staff_id
      OR NEW.confirmation_reason IS DISTINCT FROM OLD.confirmation_reason OR NEW.confirmed_at IS DISTINCT FROM OLD.confirmed_at)))
  EXECUTE FUNCTION refuse_change('appraisal is frozen: revise it instead');
--> statement-breakpoint
CREATE FUNCTION refuse_answer_to_frozen_appraisal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT status FROM appraisals WHERE id = (CASE WHEN TG_OP = 'INSERT' THEN NEW.appraisal_id ELSE OLD.appraisal_id END)) <> 'in_progress' THEN
    RAISE EXCEPTION 'appraisal is frozen: revise it instead';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER appraisal_options_frozen_update BEFORE UPDATE ON appraisal_options FOR EACH ROW EXECUTE FUNCTION refuse_answer_to_frozen_appraisal();
--> statement-breakpoint
CREATE TRIGGER appraisal_options_frozen_insert BEFORE INSERT ON appraisal_options FOR EACH ROW EXECUTE FUNCTION refuse_answer_to_frozen_appraisal();
--> statement-breakpoint
CREATE TRIGGER appraisal_options_no_delete BEFORE DELETE ON appraisal_options FOR EACH ROW EXECUTE FUNCTION refuse_change('appraisal answers are never removed');
--> statement-breakpoint
CREATE TRIGGER placement_requests_placed_frozen BEFORE UPDATE ON placement_requests FOR EACH ROW
  WHEN (OLD.status = 'placed' AND (NEW.status IS DISTINCT FROM OLD.status OR NEW.draft::text IS DISTINCT FROM OLD.draft::text OR NEW.lot IS DISTINCT FROM OLD.lot
    OR NEW.primary_need IS DISTINCT FROM OLD.primary_need OR NEW.chosen_route IS DISTINCT FROM OLD.chosen_route OR NEW.annual_cost_pence IS DISTINCT FROM OLD.annual_cost_pence))
  EXECUTE FUNCTION refuse_change('request is placed: what the award was made on is frozen');

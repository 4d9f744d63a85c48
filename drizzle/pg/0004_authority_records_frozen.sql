-- The same rules as the SQLite triggers (drizzle/0014): cover while away is evidence of the authority an award
-- was approved under, so it is ended early, once, and never changed or removed; reminders and escalations are
-- a record of what was sent, never changed or removed.
CREATE TRIGGER approval_covers_terms_frozen BEFORE UPDATE ON approval_covers FOR EACH ROW
  WHEN (NEW.council_id IS DISTINCT FROM OLD.council_id OR NEW.delegator_staff_id IS DISTINCT FROM OLD.delegator_staff_id
    OR NEW.delegate_staff_id IS DISTINCT FROM OLD.delegate_staff_id OR NEW.starts_on IS DISTINCT FROM OLD.starts_on
    OR NEW.ends_on IS DISTINCT FROM OLD.ends_on OR NEW.limit_pounds IS DISTINCT FROM OLD.limit_pounds
    OR NEW.created_at IS DISTINCT FROM OLD.created_at
    OR (OLD.ended_at IS NOT NULL AND (NEW.ended_at IS DISTINCT FROM OLD.ended_at OR NEW.ended_by_staff_id IS DISTINCT FROM OLD.ended_by_staff_id)))
  EXECUTE FUNCTION refuse_change('approval cover is frozen: it can only be ended, once');
--> statement-breakpoint
CREATE TRIGGER approval_covers_no_delete BEFORE DELETE ON approval_covers FOR EACH ROW EXECUTE FUNCTION refuse_change('approval covers are never removed');
--> statement-breakpoint
CREATE TRIGGER approval_escalations_no_update BEFORE UPDATE ON approval_escalations FOR EACH ROW EXECUTE FUNCTION refuse_change('approval reminders and escalations are never changed');
--> statement-breakpoint
CREATE TRIGGER approval_escalations_no_delete BEFORE DELETE ON approval_escalations FOR EACH ROW EXECUTE FUNCTION refuse_change('approval reminders and escalations are never removed');

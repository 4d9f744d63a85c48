-- Cover while away is evidence of the authority an award was approved under: it is ended early, never changed or removed.
CREATE TRIGGER approval_covers_terms_frozen BEFORE UPDATE ON approval_covers
WHEN NEW.council_id IS NOT OLD.council_id OR NEW.delegator_staff_id IS NOT OLD.delegator_staff_id
  OR NEW.delegate_staff_id IS NOT OLD.delegate_staff_id OR NEW.starts_on IS NOT OLD.starts_on OR NEW.ends_on IS NOT OLD.ends_on
  OR NEW.limit_pounds IS NOT OLD.limit_pounds OR NEW.created_at IS NOT OLD.created_at
  OR (OLD.ended_at IS NOT NULL AND (NEW.ended_at IS NOT OLD.ended_at OR NEW.ended_by_staff_id IS NOT OLD.ended_by_staff_id))
BEGIN
  SELECT RAISE(ABORT, 'approval cover is frozen: it can only be ended, once');
END;
--> statement-breakpoint
CREATE TRIGGER approval_covers_no_delete BEFORE DELETE ON approval_covers
BEGIN
  SELECT RAISE(ABORT, 'approval covers are never removed');
END;
--> statement-breakpoint
CREATE TRIGGER approval_escalations_no_update BEFORE UPDATE ON approval_escalations
BEGIN
  SELECT RAISE(ABORT, 'approval reminders and escalations are never changed');
END;
--> statement-breakpoint
CREATE TRIGGER approval_escalations_no_delete BEFORE DELETE ON approval_escalations
BEGIN
  SELECT RAISE(ABORT, 'approval reminders and escalations are never removed');
END;

-- A notification announced its recipient's bare id (0005) so that the header counts on every
-- page would drop. That id also stands for the person's session, memberships and every other
-- per-person cache, so each reply dropped all of those for every follower of its topic. The
-- counts and the pages showing them now depend on notifications:<user> instead (announced by
-- 0004 for every notice made, read or removed), and notices announce nothing more.
DROP TRIGGER IF EXISTS community_notifications_announce_recipient ON "community_notifications";

-- What cached community pages and access checks depend on (platform migration 0006 explains
-- the tags; docs/decisions/011-tagged-caches.md lists which page names which):
--   community:<id>      the community's row and who is in it with which role (access checks)
--   community:any       what lists of communities show
--   topics:<id>         the topics of a community (titles, counts, last activity)
--   topic:<id>          a topic and its posts
--   post:<id>           what hangs off one post (reactions, revisions, flags)
--   posts-by:<user>     what a person wrote (their profile)
--   moderation:<id>     a community's moderation queue
--   agenda:<id>         a community's agenda items and meetings; agenda:any for the agenda page
--   agenda-item:<id>    the topics linked to an agenda item
--   meeting:<id>        a meeting and its replies
--   reads:<user>, watches:<user>, notifications:<user>   a person's own markers and notices
--   <user>              a person's own rows (membership, join requests, profile)
--   people:any          anyone's name, handle or stakeholder role as other pages show them
-- Writes that only record a visit or a read (last_visit_at, topic reads) announce tags no
-- page that performs them depends on, so reading a page never drops its own cached copy.
CREATE TRIGGER communities_announce_change AFTER INSERT OR UPDATE OR DELETE ON "communities"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('community:id', '=community:any');
--> statement-breakpoint
CREATE TRIGGER community_members_announce_change
  AFTER INSERT OR DELETE OR UPDATE OF community_id, user_id, role, watch ON "community_members"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('user_id', 'community:community_id', '=community:any');
--> statement-breakpoint
CREATE TRIGGER community_join_requests_announce_change AFTER INSERT OR UPDATE OR DELETE ON "community_join_requests"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('user_id', 'community:community_id');
--> statement-breakpoint
CREATE TRIGGER community_invitations_announce_change AFTER INSERT OR UPDATE OR DELETE ON "community_invitations"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('community:community_id');
--> statement-breakpoint
CREATE TRIGGER community_profiles_announce_change AFTER INSERT OR UPDATE OR DELETE ON "community_profiles"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('user_id', '=people:any');
--> statement-breakpoint
CREATE TRIGGER community_topics_announce_change AFTER INSERT OR UPDATE OR DELETE ON "community_topics"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('topic:id', 'topics:community_id', 'posts-by:author_id');
--> statement-breakpoint
CREATE TRIGGER community_posts_announce_change AFTER INSERT OR UPDATE OR DELETE ON "community_posts"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('topic:topic_id', 'post:id', 'posts-by:author_id');
--> statement-breakpoint
CREATE TRIGGER community_post_revisions_announce_change AFTER INSERT OR UPDATE OR DELETE ON "community_post_revisions"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('post:post_id');
--> statement-breakpoint
CREATE TRIGGER community_post_likes_announce_change AFTER INSERT OR UPDATE OR DELETE ON "community_post_likes"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('post:post_id');
--> statement-breakpoint
CREATE TRIGGER community_post_flags_announce_change AFTER INSERT OR UPDATE OR DELETE ON "community_post_flags"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('post:post_id', 'moderation:community_id');
--> statement-breakpoint
CREATE TRIGGER community_topic_reads_announce_change AFTER INSERT OR UPDATE OR DELETE ON "community_topic_reads"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('reads:user_id');
--> statement-breakpoint
CREATE TRIGGER community_topic_watches_announce_change AFTER INSERT OR UPDATE OR DELETE ON "community_topic_watches"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('watches:user_id');
--> statement-breakpoint
CREATE TRIGGER community_notifications_announce_change AFTER INSERT OR UPDATE OR DELETE ON "community_notifications"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('notifications:user_id');
--> statement-breakpoint
CREATE TRIGGER community_agenda_items_announce_change AFTER INSERT OR UPDATE OR DELETE ON "community_agenda_items"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('agenda:community_id', 'agenda-item:id', '=agenda:any');
--> statement-breakpoint
CREATE TRIGGER community_agenda_item_topics_announce_change AFTER INSERT OR UPDATE OR DELETE ON "community_agenda_item_topics"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('agenda-item:agenda_item_id', 'topic:topic_id');
--> statement-breakpoint
CREATE TRIGGER community_meetings_announce_change AFTER INSERT OR UPDATE OR DELETE ON "community_meetings"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('agenda:community_id', 'meeting:id', '=agenda:any');
--> statement-breakpoint
CREATE TRIGGER community_meeting_rsvps_announce_change AFTER INSERT OR UPDATE OR DELETE ON "community_meeting_rsvps"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('meeting:meeting_id');
--> statement-breakpoint
-- Community pages show other people's names, handles, stakeholder roles and states (authors, leads,
-- members by type). Those change rarely, so one tag stands for all of them.
CREATE TRIGGER users_announce_people_change AFTER UPDATE OF name, stakeholder_role, state_code, disabled_at ON "users"
  FOR EACH ROW EXECUTE FUNCTION smh_announce_tags('=people:any');

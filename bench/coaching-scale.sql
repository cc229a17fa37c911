-- A coaching practice at scale for bench/coaching.bench.ts: the demo coach (Casey) gets 50 more
-- coachees in Acme Coaching, each relationship 200 weekly sessions (100 weeks back, 100 ahead)
-- with 10 notes and 10 actions each, and a goal that a tenth of the actions work towards.
-- Actions of past sessions are mostly done; one in five is still open, as in a real practice.
-- One statement (a DO block), so the node client runs it as it is; the bench analyzes afterwards.
DO $$
BEGIN
  SET LOCAL search_path TO refactor_platform;

  INSERT INTO users (id, email, first_name, last_name, timezone)
  SELECT md5('bench-coachee-' || n)::uuid, 'bench-coachee-' || n || '@example.com', 'Coachee', 'No. ' || n, 'Europe/Berlin'
  FROM generate_series(1, 50) AS n;

  INSERT INTO organization_memberships (organization_id, user_id, role)
  SELECT o.id, md5('bench-coachee-' || n)::uuid, 'member'
  FROM organizations o, generate_series(1, 50) AS n WHERE o.slug = 'acme-coaching';

  INSERT INTO coaching_relationships (id, organization_id, coach_id, coachee_id)
  SELECT md5('bench-relationship-' || n)::uuid, o.id, coach.id, md5('bench-coachee-' || n)::uuid
  FROM organizations o, users coach, generate_series(1, 50) AS n
  WHERE o.slug = 'acme-coaching' AND coach.email = 'coach@example.com';

  INSERT INTO goals (id, coaching_relationship_id, author_id, title, status)
  SELECT md5('bench-goal-' || r.id)::uuid, r.id, r.coachee_id, 'Lead the team through the reorganisation', 'in_progress'
  FROM coaching_relationships r
  WHERE r.id IN (SELECT md5('bench-relationship-' || n)::uuid FROM generate_series(1, 50) AS n);

  INSERT INTO coaching_sessions (id, coaching_relationship_id, starts_at, duration_minutes)
  SELECT md5('bench-session-' || n || '-' || week)::uuid, md5('bench-relationship-' || n)::uuid,
         date_trunc('day', now()) + make_interval(weeks => week - 100, hours => 15, mins => n), 60
  FROM generate_series(1, 50) AS n, generate_series(1, 200) AS week;

  INSERT INTO notes (coaching_session_id, author_id, body)
  SELECT s.id, r.coach_id, 'What came up this week, what got in the way, and what to try next (' || k || ').'
  FROM coaching_sessions s JOIN coaching_relationships r ON r.id = s.coaching_relationship_id,
       generate_series(1, 10) AS k
  WHERE r.id IN (SELECT md5('bench-relationship-' || n)::uuid FROM generate_series(1, 50) AS n);

  INSERT INTO actions (coaching_relationship_id, coaching_session_id, author_id, body, due_on, status, assignee, goal_id)
  SELECT r.id, s.id, r.coach_id, 'Follow up on the plan, step ' || k, (s.starts_at + interval '7 days')::date,
         (CASE WHEN s.starts_at > now() THEN 'not_started'
               WHEN k % 5 = 0 THEN 'in_progress'
               ELSE 'completed' END)::progress_status,
         (ARRAY['coachee', 'coach', 'both'])[1 + k % 3]::action_assignee,
         CASE WHEN k = 1 THEN md5('bench-goal-' || r.id)::uuid END
  FROM coaching_sessions s JOIN coaching_relationships r ON r.id = s.coaching_relationship_id,
       generate_series(1, 10) AS k
  WHERE r.id IN (SELECT md5('bench-relationship-' || n)::uuid FROM generate_series(1, 50) AS n);
END
$$

/** @jsxImportSource hono/jsx */
/** `/u/{name}`: a person and what they did here. */
import type { Profile } from '../../app/types.ts';
import { Avatar } from './avatar.tsx';
import { formatInstant, plural } from './format.ts';
import { Layout } from './layout.tsx';
import { listedCard, PaperCard } from './paper-card.tsx';
import { ProfileClaimedPapers, ProfileCollections } from './profile-collections.tsx';
import { ProfileComments } from './profile-comments.tsx';
import { profilePath } from './paths.ts';

export function ProfilePage({ profile, baseUrl }: { profile: Profile; baseUrl: string }) {
  const { user, submissions } = profile;
  const display = user.fullname ?? user.username;
  return (
    <Layout title={`${display} (@${user.username})`} canonical={`${baseUrl}${profilePath(user.username)}`}>
      <header class="profile-head">
        <Avatar name={display} size="md" />
        <div>
          <h1>{display}</h1>
          <p class="muted">
            @{user.username}
            {user.isAdmin ? ' · administrator' : ''} · {user.isAccount ? `member since ${formatInstant(user.since)}` : 'named by imported Daily Papers listings'}
          </p>
        </div>
      </header>
      <section class="profile-section" aria-labelledby="subs-h">
        <h2 id="subs-h">Submitted papers ({plural(submissions.length, 'paper')})</h2>
        {submissions.length === 0 ? <p class="muted">Nothing submitted yet.</p> : null}
        <ol class="paper-list">
          {submissions.map((s, i) => (
            <li>
              <PaperCard info={listedCard(s)} rank={i + 1} />
            </li>
          ))}
        </ol>
      </section>
      <ProfileClaimedPapers papers={profile.claimedPapers} />
      <ProfileCollections collections={profile.collections} />
      <ProfileComments comments={profile.comments} />
    </Layout>
  );
}

# Sourced by the init scripts (the entrypoint runs only the files at the top of the folder).
#
# set_role_password ROLE FILE [psql options]: sets ROLE's password to the one in FILE with psql's \password, which
# computes the SCRAM-SHA-256 verifier in libpq: only the verifier reaches the server, so no statement in
# pg_stat_activity or the server's log holds the password (role-password.sql does the same for the stack's runtimes).
set_role_password() {
  local role="$1" file="$2" password output
  shift 2
  password="$(< "$file")"
  # \password reads one line, twice.
  if [ -z "$password" ] || [[ "$password" == *$'\n'* ]]; then
    echo "error: $file must hold the password of role $role on one line" >&2
    return 1
  fi
  # \password asks the terminal when there is one (`docker run -t`): setsid runs psql without one, so it reads its
  # standard input. Its prompts are noise, shown only with an error.
  if ! output="$(printf '%s\n%s\n' "$password" "$password" |
    setsid -w psql -X -q -v ON_ERROR_STOP=1 -v role="$role" "$@" -c '\password :"role"' 2>&1)"; then
    echo "$output" >&2
    echo "error: could not set the password of role $role" >&2
    return 1
  fi
}

package com.sessionjar.cluster.azure;

import java.time.Duration;

/**
 * The fixed text of {@link NodeBootstrap}'s script, unit and mount helper: bash and systemd, kept
 * apart from the Java that fills in names, paths and base64 contents.
 */
final class BootstrapScriptParts {
    private BootstrapScriptParts() {
    }

    /** The start: strict mode, deadlines, packages, the worker's user and the helpers the rest calls. */
    static String prologue(String id, Duration cloudInit, Duration apt, Duration mounts) {
        return PROLOGUE.replace("@ID@", id)
                .replace("@CLOUD_INIT_SECONDS@", Long.toString(cloudInit.toSeconds()))
                .replace("@APT_SECONDS@", Long.toString(apt.toSeconds()))
                .replace("@MOUNT_SECONDS@", Long.toString(mounts.toSeconds()))
                .replace("@MOUNT_ATTEMPT_SECONDS@", Long.toString(NodeBootstrap.MOUNT_ATTEMPT.toSeconds()));
    }

    /** What every message of the script starts with, so a user finds its lines in the extension's output. */
    static final String MESSAGE_PREFIX = "session.jar bootstrap: ";

    private static final String PROLOGUE = """
            #!/bin/bash
            # The node script of session.jar session @ID@. The scale set's CustomScript extension runs it
            # on every new node and after every update, so each step may run again. It prints no secret:
            # Azure keeps its output. Azure stops it after 90 minutes and shows only the last 4 KB of its
            # stdout and stderr, so every wait has a deadline (in all well inside those 90 minutes) and
            # every failure ends with one line on stderr saying what failed and what to check.
            set -eEuo pipefail
            umask 077
            export DEBIAN_FRONTEND=noninteractive

            # fail MESSAGE: the script's last words, one line on stderr, then exit 1.
            fail() {
              echo "session.jar bootstrap: $1" >&2
              reported=yes
              exit 1
            }
            # Any other failure (set -e) ends with one line too, naming the step and the line; never the
            # command, whose words may be a secret's base64.
            step="starting"
            failed_line=unknown
            reported=no
            scratch="$(mktemp -d)"
            on_exit() {
              local status=$?
              rm -rf "$scratch"
              if [ "$status" -ne 0 ] && [ "$reported" = no ]; then
                echo "session.jar bootstrap: failed while $step (exit code $status at line $failed_line of the node script): the lines above say why" >&2
              fi
            }
            trap 'failed_line=$LINENO' ERR
            trap on_exit EXIT

            # Deadlines in seconds; the SESSIONJAR_BOOTSTRAP_* variables are for tests, which shorten them.
            seconds() {
              case "$1" in
                '' | *[!0-9]*) echo "$2" ;;
                *) echo "$1" ;;
              esac
            }
            cloud_init_seconds="$(seconds "${SESSIONJAR_BOOTSTRAP_CLOUD_INIT_SECONDS:-}" @CLOUD_INIT_SECONDS@)"
            apt_seconds="$(seconds "${SESSIONJAR_BOOTSTRAP_APT_SECONDS:-}" @APT_SECONDS@)"
            mount_seconds="$(seconds "${SESSIONJAR_BOOTSTRAP_MOUNT_SECONDS:-}" @MOUNT_SECONDS@)"
            # duration SECONDS: "20 min" or "45 s", for messages.
            duration() {
              if [ "$1" -ge 60 ] && [ $(( $1 % 60 )) -eq 0 ]; then echo "$(( $1 / 60 )) min"; else echo "$1 s"; fi
            }

            # A new node may still be setting itself up (cloud-init may run apt itself): wait for it, but
            # not past its deadline. A node without cloud-init, or whose cloud-init failed, goes on too.
            step="waiting for cloud-init"
            cloud_init_status=0
            timeout -k 10 "$cloud_init_seconds" cloud-init status --wait >/dev/null 2>&1 || cloud_init_status=$?
            if [ "$cloud_init_status" -eq 124 ] || [ "$cloud_init_status" -eq 137 ]; then
              echo "session.jar bootstrap: cloud-init was still running after $(duration "$cloud_init_seconds"); going on" >&2
            fi

            step="installing packages"
            packages="openjdk-17-jre-headless cifs-utils"
            packages_installed() {
              [ "$(dpkg-query -W -f='${db:Status-Status} ' $packages 2>/dev/null)" = "installed installed " ]
            }
            # apt_get COMMAND ARGS...: one apt-get, killed at the deadline if it still runs (none when the
            # deadline has passed); its stderr goes to $scratch/apt, with a last line if it failed.
            apt_get() {
              local left=$(( apt_deadline - SECONDS )) status=0
              if [ "$left" -le 0 ]; then
                return 1
              fi
              # Unattended upgrades hold the dpkg lock on a new node: wait for it, within the deadline (the
              # package lists' lock does not wait: the loop below tries again).
              timeout -k 10 "$left" apt-get -q -o DPkg::Lock::Timeout="$(( left < 600 ? left : 600 ))" "$@" \\
                2>>"$scratch/apt" || status=$?
              if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
                echo "apt-get $1 was still running at the deadline" >>"$scratch/apt"
              elif [ "$status" -ne 0 ]; then
                echo "apt-get $1 exited with code $status" >>"$scratch/apt"
              fi
              return "$status"
            }
            # install_packages: apt-get update and install, once; their stderr passed on, and the telling
            # line of a failure kept in last_error: the network's if any (apt-get update only warns when it
            # cannot reach the archive), else apt's first error, else the last line.
            install_packages() {
              local status=0
              : >"$scratch/apt"
              apt_get update && apt_get install -y -o Dpkg::Options::=--force-confdef \\
                -o Dpkg::Options::=--force-confold --no-install-recommends $packages || status=$?
              cat "$scratch/apt" >&2
              if [ "$status" -ne 0 ] && [ -s "$scratch/apt" ]; then
                last_error="$(grep -m 1 -E 'Failed to fetch|Could not (connect|resolve)|Temporary failure resolving' \\
                  "$scratch/apt" || grep -m 1 '^E:' "$scratch/apt" || tail -n 1 "$scratch/apt")"
                last_error="${last_error:0:300}"
              fi
              return "$status"
            }
            if ! packages_installed; then
              apt_deadline=$(( SECONDS + apt_seconds ))
              last_error="none"
              until install_packages; do
                left=$(( apt_deadline - SECONDS ))
                if [ "$left" -le 0 ]; then
                  fail "apt-get could not install $packages within $(duration "$apt_seconds") (last error: $last_error): check the node's outbound access to its package archive (the subnet's default outbound access, a firewall or a proxy) and its apt sources"
                fi
                sleep "$(( left < 20 ? left : 20 ))"
              done
            fi

            step="creating the user sessionjar"
            id -u sessionjar >/dev/null 2>&1 || useradd --system --user-group --create-home \\
              --home-dir /var/lib/sessionjar --shell /usr/sbin/nologin sessionjar

            # write_file PATH MODE BASE64: puts the decoded content at PATH with MODE, atomically, and sets
            # changed to yes or no. Contents travel as base64 in single quotes: the shell never reads them.
            write_file() {
              local tmp
              tmp="$(mktemp "$1.XXXXXX")"
              echo "$3" | base64 -d > "$tmp"
              chmod "$2" "$tmp"
              if [ -f "$1" ] && cmp -s "$tmp" "$1"; then
                rm -f "$tmp"
                changed=no
              else
                mv -f "$tmp" "$1"
                changed=yes
              fi
            }

            # write_fstab_block BASE64: replaces this script's block of /etc/fstab (between its marker
            # comments) with the decoded one, leaving every other line as it was.
            write_fstab_block() {
              local tmp
              tmp="$(mktemp /etc/fstab.XXXXXX)"
              { sed -e '@BLOCK@d' -e '$a\\' /etc/fstab; echo "$1" | base64 -d; } > "$tmp"
              chmod 644 "$tmp"
              mv -f "$tmp" /etc/fstab
            }

            # unmount PATH: unmounts PATH, lazily if it is busy or its server does not answer.
            unmount() {
              timeout -k 5 30 umount "$1" || umount -l "$1"
            }

            # try_mount PATH: one mount of PATH as /etc/fstab says, stopped after @MOUNT_ATTEMPT_SECONDS@ s; its
            # stderr is passed on, and its error kept in mount_error.
            try_mount() {
              local status=0
              timeout -k 10 @MOUNT_ATTEMPT_SECONDS@ mount "$1" 2>"$scratch/mount" || status=$?
              cat "$scratch/mount" >&2
              if [ "$status" -eq 0 ]; then
                return 0
              elif [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
                mount_error="mount was still running after @MOUNT_ATTEMPT_SECONDS@ s"
              else
                mount_error="$(grep -m 1 -i error "$scratch/mount" || tail -n 1 "$scratch/mount")"
                mount_error="${mount_error:-mount exited with code $status}"
                mount_error="${mount_error:0:300}"
              fi
              return 1
            }

            # mount_share PATH FSTAB_LINE: mounts PATH as /etc/fstab says, again when its line or its
            # credentials changed, retrying while the share is not reachable yet, until the deadline all
            # shares share.
            mount_share() {
              (umask 022 && mkdir -p "$1")
              if mountpoint -q "$1" && { [ "${credentials_changed[$1]:-no}" = yes ] \\
                  || ! grep -qxF -- "$2" <<<"$old_block"; }; then
                unmount "$1"
              fi
              local left
              until mountpoint -q "$1" || try_mount "$1"; do
                left=$(( mount_deadline - SECONDS ))
                if [ "$left" -le 0 ]; then
                  fail "could not mount ${2%% *} at $1 within the $(duration "$mount_seconds") given to the shares (last error: $mount_error): check that the share exists, that its storage account key is current and that the node reaches the account on port 445"
                fi
                sleep "$(( left < 6 ? left : 6 ))"
              done
            }

            """.replace("@BLOCK@", "/^# BEGIN sessionjar-worker shares/,/^# END sessionjar-worker shares/");

    /** Before the shares: remembers the fstab block of the last run, to find what an update dropped. */
    static final String SHARES_BEGIN = """
            # File shares: the runtime share (session.jar) and the config's FileShares, over SMB 3.1.1, each
            # with a root-only credentials file.
            step="mounting the shares"
            install -d -m 0700 /etc/smbcredentials
            old_block="$(sed -n '/^# BEGIN sessionjar-worker shares/,/^# END sessionjar-worker shares/p' /etc/fstab)"
            declare -A credentials_changed=()
            """;

    /** After the new fstab block: unmounts the shares of the last run that this one dropped. */
    static final String DROP_OLD_SHARES = """
            # Shares an update dropped (in the last run's block, not in this one): unmount them and remove
            # their credentials files.
            while read -r old_path old_options; do
              if [ -z "${kept_mounts[$old_path]:-}" ] && mountpoint -q "$old_path"; then
                unmount "$old_path"
              fi
              old_credentials="${old_options#*credentials=}"
              old_credentials="${old_credentials%%,*}"
              if [ -z "${kept_credentials[$old_credentials]:-}" ] && [[ "$old_credentials" == /etc/smbcredentials/*.cred ]]; then
                rm -f "$old_credentials"
              fi
            done < <(awk '$1 !~ /^#/ && NF >= 4 { print $2, $4 }' <<<"$old_block")
            systemctl daemon-reload
            mount_deadline=$(( SECONDS + mount_seconds ))
            mount_error="none"
            """;

    /** Before the service's files. */
    static final String SERVICE_BEGIN = """

            # The worker: a systemd service, restarted on every run so that an update reaches a running node.
            step="writing the worker's files"
            install -d -m 0700 /etc/sessionjar
            install -d -m 0755 /opt/sessionjar
            """;

    /** After the service's files. */
    static final String SERVICE_END = """
            step="starting the worker"
            systemctl daemon-reload
            systemctl enable --quiet sessionjar-worker
            systemctl restart sessionjar-worker
            echo "session.jar bootstrap: worker started"
            """;

    /** The worker's systemd unit; {@code @NAME@} are filled in by {@link NodeBootstrap}. */
    static final String UNIT = """
            [Unit]
            Description=session.jar worker of session @ID@
            Wants=network-online.target
            After=network-online.target remote-fs.target
            # A worker node never gives up: restart however often the worker fails or its shares are missing.
            StartLimitIntervalSec=0

            [Service]
            Type=simple
            User=@USER@
            Group=@USER@
            UMask=0077
            WorkingDirectory=/var/lib/sessionjar
            EnvironmentFile=@ENVIRONMENT@
            # The shares first, as root ('+'): each mounted if a boot could not (systemd does not try a
            # failed mount again) and read; until all are there this fails, and Restart= tries again.
            # (Not RequiresMountsFor=: a failed mount would fail the start as a dependency, never retried.)
            ExecStartPre=+@MOUNT_SHARES@ @MOUNTS@
            # Run a copy taken at each start (as root: '+'), so an SMB hiccup cannot pull the jar from under a running JVM.
            ExecStartPre=+/usr/bin/install -m 0644 @RUNTIME@/session.jar @JAR@
            # The session.jar of this node's model, by its SHA-256: a share holding another one (uploaded by an
            # --update that has not reached this node yet) stops the start, so versions never mix.
            ExecStartPre=/bin/sh -c 'echo "@JAR_SHA256@  @JAR@" | sha256sum --check --status || { echo "sessionjar: the runtime share holds another session.jar than this node runs (SHA-256 @JAR_SHA256@): --update brings the node to it" >&2; exit 1; }'
            ExecStart=/usr/bin/java -XX:+UseSerialGC -cp @JAR@ @MAIN@
            Restart=always
            RestartSec=5
            KillSignal=SIGTERM
            TimeoutStopSec=90

            [Install]
            WantedBy=multi-user.target
            """;

    /**
     * The worker's pre-start helper, {@link NodeBootstrap#MOUNT_SHARES}: given the share paths, mounts
     * each that is not mounted and reads it, or fails naming it (in the worker's journal).
     */
    static final String MOUNT_SHARES = """
            #!/bin/sh
            # Run as root before every start of sessionjar-worker (ExecStartPre=+), with the worker's share
            # paths: mounts each that is not mounted, as /etc/fstab says (a boot whose mount failed leaves it
            # so, and systemd does not try again), then reads it. A share that is not there fails the start;
            # the unit's Restart= tries again RestartSec later, for as long as it takes.
            for path in "$@"; do
              if ! mountpoint -q "$path" && ! mount "$path"; then
                echo "sessionjar-worker: could not mount $path; the worker starts once it can (systemd tries again)" >&2
                exit 1
              fi
              # One directory read (unsorted: cheap on a big share) proves the server answers.
              if ! ls -f "$path" >/dev/null; then
                echo "sessionjar-worker: could not read $path; the worker starts once it can (systemd tries again)" >&2
                exit 1
              fi
            done
            """;
}

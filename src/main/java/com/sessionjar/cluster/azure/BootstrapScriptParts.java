package com.sessionjar.cluster.azure;

/**
 * The fixed text of {@link NodeBootstrap}'s script and unit: bash and systemd, kept apart from the
 * Java that fills in names, paths and base64 contents.
 */
final class BootstrapScriptParts {
    private BootstrapScriptParts() {
    }

    /** The start: strict mode, packages, the worker's user and the helpers the rest calls. */
    static String prologue(String id) {
        return PROLOGUE.replace("@ID@", id);
    }

    private static final String PROLOGUE = """
            #!/bin/bash
            # The node script of session.jar session @ID@. The scale set's CustomScript extension runs it
            # on every new node and after every update, so each step may run again. It prints no secret:
            # Azure keeps its output.
            set -euo pipefail
            umask 077
            export DEBIAN_FRONTEND=noninteractive

            # A new node may still be setting itself up; a node without cloud-init is fine too.
            cloud-init status --wait >/dev/null 2>&1 || true

            packages="openjdk-17-jre-headless cifs-utils"
            packages_installed() {
              [ "$(dpkg-query -W -f='${db:Status-Status} ' $packages 2>/dev/null)" = "installed installed " ]
            }
            if ! packages_installed; then
              for attempt in 1 2 3 4 5 6; do
                # Unattended upgrades hold the dpkg lock on a new node: wait for it, and try again if apt
                # still fails (the package lists' lock does not wait).
                if apt-get -q -o DPkg::Lock::Timeout=600 update \\
                    && apt-get -q -y -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef \\
                        -o Dpkg::Options::=--force-confold install --no-install-recommends $packages; then
                  break
                fi
                if [ "$attempt" -eq 6 ]; then
                  echo "sessionjar: could not install $packages" >&2
                  exit 1
                fi
                sleep 20
              done
            fi

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

            # mount_share PATH FSTAB_LINE: mounts PATH as /etc/fstab says, again when its line or its
            # credentials changed, retrying while the share is not reachable yet.
            mount_share() {
              (umask 022 && mkdir -p "$1")
              if mountpoint -q "$1" && { [ "${credentials_changed[$1]:-no}" = yes ] \\
                  || ! grep -qxF -- "$2" <<<"$old_block"; }; then
                umount "$1" || umount -l "$1"
              fi
              local attempt
              for attempt in 1 2 3 4 5 6 7 8 9 10; do
                if mountpoint -q "$1" || mount "$1"; then
                  return 0
                fi
                sleep 6
              done
              echo "sessionjar: could not mount $1" >&2
              return 1
            }

            """.replace("@BLOCK@", "/^# BEGIN sessionjar-worker shares/,/^# END sessionjar-worker shares/");

    /** Before the shares: remembers the fstab block of the last run, to find what an update dropped. */
    static final String SHARES_BEGIN = """
            # File shares: the runtime share (session.jar) and the config's FileShares, over SMB 3.1.1, each
            # with a root-only credentials file.
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
                umount "$old_path" || umount -l "$old_path"
              fi
              old_credentials="${old_options#*credentials=}"
              old_credentials="${old_credentials%%,*}"
              if [ -z "${kept_credentials[$old_credentials]:-}" ] && [[ "$old_credentials" == /etc/smbcredentials/*.cred ]]; then
                rm -f "$old_credentials"
              fi
            done < <(awk '$1 !~ /^#/ && NF >= 4 { print $2, $4 }' <<<"$old_block")
            systemctl daemon-reload
            """;

    /** Before the service's files. */
    static final String SERVICE_BEGIN = """

            # The worker: a systemd service, restarted on every run so that an update reaches a running node.
            install -d -m 0700 /etc/sessionjar
            install -d -m 0755 /opt/sessionjar
            """;

    /** After the service's files. */
    static final String SERVICE_END = """
            systemctl daemon-reload
            systemctl enable --quiet sessionjar-worker
            systemctl restart sessionjar-worker
            echo "sessionjar: worker started"
            """;

    /** The worker's systemd unit; {@code @NAME@} are filled in by {@link NodeBootstrap}. */
    static final String UNIT = """
            [Unit]
            Description=session.jar worker of session @ID@
            Wants=network-online.target
            After=network-online.target remote-fs.target
            RequiresMountsFor=@MOUNTS@
            # A worker node never gives up: restart however often the worker fails.
            StartLimitIntervalSec=0

            [Service]
            Type=simple
            User=@USER@
            Group=@USER@
            UMask=0077
            WorkingDirectory=/var/lib/sessionjar
            EnvironmentFile=@ENVIRONMENT@
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
}

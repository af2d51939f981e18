# bash completion for vireo, vireo-viewer, vireo-install, vireo-xml and vireo-clone.
#
# The options come from each program's own --help, and the sub-options of a compound
# option (--disk, --network, --graphics, ...) from "PROGRAM --OPTION=?", which lists the
# core's option table: nothing here repeats them, so the completion follows the
# programs.  Domain names come from the --connect URI on the command line (through
# virsh, read-only), or from LIBVIRT_DEFAULT_URI.  Installed once per program name.
#
# SPDX-License-Identifier: GPL-2.0-or-later

declare -gA _vireo_cache

# PROG's --help text (GTK's and GApplication's options too, for vireo and vireo-viewer).
_vireo_help()
{
    local prog=$1 key="help $1"
    if [[ -z ${_vireo_cache[$key]+set} ]]; then
        _vireo_cache[$key]=$(LC_ALL=C "$prog" --help-all 2>/dev/null </dev/null) ||
            _vireo_cache[$key]=$(LC_ALL=C "$prog" --help 2>/dev/null </dev/null)
    fi
    printf '%s\n' "${_vireo_cache[$key]}"
}

# The long options of PROG, one a line.
_vireo_options()
{
    _vireo_help "$1" | grep -oE '(^|[ ,(])--[a-z0-9][a-z0-9-]*' | sed 's/^[ ,(]*//' | sort -u
}

# Whether OPTION of PROG takes a value: its --help line names one (--disk DISK,
# --connect=URI, --kiosk-quit=on-disconnect|never).
_vireo_takes_value()
{
    _vireo_help "$1" | grep -qE -- "(^|[ ,])$2(=| [A-Z\[])"
}

# The sub-options of a compound OPTION of PROG ("PROG --disk=?"), or nothing.
_vireo_suboptions()
{
    local prog=$1 opt=$2 key="sub $1 $2" out
    if [[ -z ${_vireo_cache[$key]+set} ]]; then
        out=$(LC_ALL=C "$prog" "$opt=?" 2>/dev/null </dev/null)
        if [[ $out == "$opt options:"* ]]; then
            # One name a line; "source.host[0-9]*.name" is offered as "source.host0.name".
            _vireo_cache[$key]=$(printf '%s\n' "$out" |
                sed -n 's/^  \([^ ]\+\).*/\1/p' | sed 's/\[0-9\]\*/0/g')
        else
            _vireo_cache[$key]=
        fi
    fi
    printf '%s' "${_vireo_cache[$key]}"
}

# The names of the domains of the --connect URI of the command line.
_vireo_domains()
{
    local uri=${LIBVIRT_DEFAULT_URI:-} i
    for ((i = 1; i < ${#COMP_WORDS[@]} - 1; i++)); do
        case ${COMP_WORDS[i]} in
        -c|--connect) uri=${COMP_WORDS[i + 1]} ;;
        --connect=*) uri=${COMP_WORDS[i]#--connect=} ;;
        esac
    done
    [[ -n $uri ]] || return
    # Never ask for a password while completing.
    case $uri in *+ssh*) return ;; esac
    command -v virsh >/dev/null 2>&1 || return
    timeout 5 virsh --quiet --readonly --connect "$uri" list --all --name </dev/null 2>/dev/null |
        sed '/^$/d'
}

_vireo_complete()
{
    local prog=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]} prev=
    local opt= value= subs= head= piece=
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    COMPREPLY=()

    # --OPTION=VALUE in one word (bash splits on '=' when it is in COMP_WORDBREAKS).
    if [[ $cur == --*=* ]]; then
        opt=${cur%%=*}
        value=${cur#*=}
    elif [[ $prev == -* ]] && [[ $prev != *=* ]] && _vireo_takes_value "$prog" "$prev"; then
        opt=$prev
        value=$cur
    elif [[ $prev == = && ${COMP_WORDS[COMP_CWORD - 2]} == --* ]]; then
        opt=${COMP_WORDS[COMP_CWORD - 2]}
        value=$cur
    fi
    if [[ -n $opt ]]; then
        case $opt in
        -c|--connect)
            COMPREPLY=($(compgen -W "qemu:///system qemu:///session test:///default \
                qemu+ssh:// qemu+tls://" -- "$value"))
            return ;;
        --original|--show-domain-console|--show-domain-editor|--show-domain-performance)
            COMPREPLY=($(compgen -W "$(_vireo_domains)" -- "$value"))
            return ;;
        esac
        subs=$(_vireo_suboptions "$prog" "$opt")
        if [[ -n $subs ]]; then
            # The pieces before the last comma stay; the last is completed.
            head=
            piece=$value
            if [[ $value == *,* ]]; then
                head=${value%,*},
                piece=${value##*,}
            fi
            if [[ $piece == *=* ]]; then
                # A value: files for the sub-options that name one.
                case ${piece%%=*} in
                path|source|kernel|initrd|file|*.path|source.file|loader|nvram*)
                    COMPREPLY=($(compgen -f -- "${piece#*=}"))
                    COMPREPLY=("${COMPREPLY[@]/#/$head${piece%%=*}=}")
                    ;;
                esac
            else
                COMPREPLY=($(compgen -W "$subs" -- "$piece"))
                COMPREPLY=("${COMPREPLY[@]/%/=}")
                COMPREPLY=("${COMPREPLY[@]/#/$head}")
                compopt -o nospace 2>/dev/null
            fi
            [[ $cur == --*=* && $COMP_WORDBREAKS != *=* ]] &&
                COMPREPLY=("${COMPREPLY[@]/#/$opt=}")
            return
        fi
        COMPREPLY=($(compgen -f -- "$value"))
        return
    fi

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_vireo_options "$prog")" -- "$cur"))
        return
    fi
    case ${prog##*/} in
    vireo-xml)
        COMPREPLY=($(compgen -W "$(_vireo_domains)" -- "$cur")) ;;
    vireo-viewer)
        COMPREPLY=($(compgen -W "$(_vireo_domains)" -- "$cur") $(compgen -f -X '!*.vv' -- "$cur"))
        ;;
    esac
}

complete -F _vireo_complete vireo vireo-viewer vireo-install vireo-xml vireo-clone

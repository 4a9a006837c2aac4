"""The POSIX shell script a remote read runs on the host, in one ``host.run``.

Arguments: the root prefix ('' for none), then items ``detect|<platform>|<path>``
(the first whose path exists names the platform; else ``uname -s``), then items
``<platform>|<op>|<path>`` for every candidate platform (only the detected one's are
done), then ``package``. Ops: ``file`` (stat and bytes), ``meta`` (stat only: the
enroll secret and directories), ``list`` (a directory's entries), ``osquery``
(osqueryi ``--connect`` to the extensions socket at the path). Paths and bytes are
base64 on the way back, so any file name or content survives. The secret is only
ever stat'ed.

Under a root, every path is looked up one component at a time (``loc``), as
``read.base.confine`` does for the directory reader: a symbolic link on the way is
followed when it leads to a directory inside the root, and a path behind one that
leads out of it is not read at all (``outside``), so the files of the machine the
root lives on never stand in for the host's. The socket is not used behind such a
link, nor when it is a link itself.

Output lines: ``PLATFORM p``; ``FILE b64path missing|unknown|file|dir|other [owner
group mode]`` (``unknown``: a directory above it cannot be searched; no owner, group
and mode when stat fails) or ``FILE b64path outside b64link b64target``; ``DATA
b64`` (``DATA -`` when the file could not be read); ``LIST b64dir
missing|denied|ok`` or ``LIST b64dir outside b64link b64target``; ``ENTRY
b64name``; ``QUERY table rc b64stdout``; ``OSQUERYI missing``; ``SOCKET
missing|outside``; ``PACKAGE version``; ``END``.
"""

from __future__ import annotations

SQL = {
    "info": "SELECT version, config_hash, config_valid FROM osquery_info",
    "schedule": "SELECT name, query, interval, denylisted FROM osquery_schedule",
    "packs": "SELECT name, platform, version, shard, active FROM osquery_packs",
    "flags": "SELECT name, value, default_value FROM osquery_flags",
}

_QUERIES = "\n".join(f'    q {table} "{sql}"' for table, sql in SQL.items())

SCRIPT = r"""
R=$1; shift
b64() { base64 | tr -d '\n'; }
gone() {
  d=${1%/*}
  while [ -n "$d" ] && [ ! -e "$d" ]; do d=${d%/*}; done
  if [ -n "$d" ] && [ ! -x "$d" ]; then echo unknown; else echo missing; fi
}
enc() { printf '%s' "$1" | b64; }
st() { stat -c '%U %G %a' "$1" 2>/dev/null || stat -f '%Su %Sg %Lp' "$1" 2>/dev/null; }
RR=
if [ -n "$R" ]; then RR=$(cd -P -- "$R" 2>/dev/null && pwd -P) || RR=$R; fi
RR=${RR%/}
loc() {
  L=$R$1; X=
  [ -n "$R" ] || return 0
  _c=$RR; _h=; _r=${1#/}
  while [ -n "$_r" ]; do
    case $_r in
      */*) _p=${_r%%/*}; _r=${_r#*/} ;;
      *) _p=$_r; _r= ;;
    esac
    case $_p in ''|.) continue ;; esac
    _h=$_h/$_p
    if [ "$_p" = .. ]; then X="$(enc "$_h") "; return 0; fi
    if [ -z "$_r" ] && [ "$2" != follow ]; then _c=$_c/$_p; break; fi
    if [ -L "$_c/$_p" ] && _n=$(cd -P -- "$_c/$_p" 2>/dev/null && pwd -P); then
      case $_n/ in
        "$RR"/*) _c=$_n ;;
        *) X="$(enc "$_h") $(enc "$_n")"; return 0 ;;
      esac
    else
      _c=$_c/$_p
    fi
  done
  L=$_c
}
P=
for a in "$@"; do
  case $a in
    detect\|*)
      r=${a#detect|}
      if [ -z "$P" ]; then
        loc "${r#*|}"
        if [ -z "$X" ] && [ -e "$L" ]; then P=${r%%|*}; fi
      fi ;;
  esac
done
if [ -z "$P" ]; then
  case $(uname -s) in Linux) P=linux ;; Darwin) P=darwin ;; *) P=unknown ;; esac
fi
echo "PLATFORM $P"
q() {
  out=$("$O" --json --connect "$S" "$2" 2>/dev/null); rc=$?
  echo "QUERY $1 $rc $(printf '%s' "$out" | b64)"
}
osq() {
  O=
  for c in "$R/usr/bin/osqueryi" "$R/opt/osquery/bin/osqueryi" \
           "$R/usr/local/bin/osqueryi" "$(command -v osqueryi 2>/dev/null)"; do
    if [ -n "$c" ] && [ -x "$c" ]; then O=$c; break; fi
  done
  loc "$1"; S=$L
  if [ -z "$O" ]; then echo "OSQUERYI missing"; return; fi
  if [ -n "$X" ] || { [ -n "$R" ] && [ -L "$S" ]; }; then
    echo "SOCKET outside"; return
  fi
  if [ ! -e "$S" ]; then echo "SOCKET missing"; return; fi
__QUERIES__
}
for a in "$@"; do
  case $a in
    package)
      loc /var/lib/dpkg follow; v=
      [ -n "$X" ] || v=$(dpkg-query --admindir="$L" -W \
          -f '${db:Status-Status} ${Version}' osquery 2>/dev/null)
      case $v in "installed "*) echo "PACKAGE ${v#installed }"; continue ;; esac
      v=$(rpm --root "${R:-/}" -q --qf '%{VERSION}' osquery 2>/dev/null) \
        && { echo "PACKAGE $v"; continue; }
      v=$(pkgutil --pkg-info io.osquery.agent 2>/dev/null | sed -n 's/^version: //p')
      [ -n "$v" ] && echo "PACKAGE $v"
      continue ;;
    "$P|"*) ;;
    *) continue ;;
  esac
  r=${a#"$P|"}; op=${r%%|*}; path=${r#*|}; n=$(enc "$path")
  case $op in
    file|meta)
      loc "$path"; p=$L
      if [ -n "$X" ]; then echo "FILE $n outside $X"; continue; fi
      if [ ! -e "$p" ] && [ ! -L "$p" ]; then echo "FILE $n $(gone "$p")"; continue; fi
      if [ -L "$p" ]; then k=other; elif [ -d "$p" ]; then k=dir;
      elif [ -f "$p" ]; then k=file; else k=other; fi
      echo "FILE $n $k $(st "$p")"
      if [ "$op" = file ] && [ "$k" = file ]; then
        if [ -r "$p" ] && d=$(base64 < "$p"); then
          echo "DATA $(printf '%s' "$d" | tr -d '\n')"
        else
          echo "DATA -"
        fi
      fi ;;
    list)
      loc "$path" follow; p=$L
      if [ -n "$X" ]; then echo "LIST $n outside $X"; continue; fi
      if [ ! -d "$p" ] && [ "$(gone "$p")" = unknown ]; then
        echo "LIST $n denied"; continue
      fi
      if [ ! -d "$p" ]; then echo "LIST $n missing"; continue; fi
      if [ ! -r "$p" ] || [ ! -x "$p" ]; then echo "LIST $n denied"; continue; fi
      echo "LIST $n ok"
      for e in "$p"/* "$p"/.[!.]*; do
        [ -e "$e" ] || [ -L "$e" ] || continue
        echo "ENTRY $(enc "${e##*/}")"
      done ;;
    osquery) osq "$path" ;;
  esac
done
echo END
""".replace("__QUERIES__", _QUERIES)

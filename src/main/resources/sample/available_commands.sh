# available_commands.sh: the commands the Trafikito agent may run on this machine.
#
# The dashboard asks for commands by name; the agent runs a name only when it has a line here.
# Rules, checked by the agent every cycle (a line that breaks them is reported as invalid):
#   - one entry per line: trafikito_<name>="<shell command line>"
#   - <name> uses only the letters A-Z and a-z, the digits 0-9 and _
#   - no spaces around =, the command line in double quotes, no double quote inside it
#   - lines starting with # are comments; blank lines are allowed
#   - if a name appears twice, the last line wins
# Each command line runs via /bin/sh -c, with LC_ALL=C and
# PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin, stdin from /dev/null.
#
# Only the machine's owner may write this file: the agent refuses the whole file when it (or the
# directory holding it) is group- or world-writable, or owned by a user other than root or the agent's.
trafikito_free="free"
trafikito_cpu_info_full="cat /proc/cpuinfo | sed '/^\s*$/q'"
trafikito_cpu_info="cat /proc/cpuinfo | sed '/^\s*$/q' | grep -i 'cache\|core\|model\|mhz\|sibling\|vendor\|family'"
trafikito_uptime="uptime"
trafikito_cpu_processors_count="cat /proc/cpuinfo 2>&1 | grep processor | wc -l"
trafikito_vmstat="vmstat"
trafikito_df_p="df -P"
trafikito_hostname="hostname"
trafikito_hostname_full="hostname -f"
trafikito_df_h="df -h"
trafikito_lsof_count_network_connections="lsof -i | grep -- '->' | wc -l"
trafikito_lsof_count_open_files="lsof | wc -l"
trafikito_netstat_i="netstat -i"
trafikito_vmstat_s="vmstat -s"
trafikito_top="top -bcn1 -o %MEM | sed -e '1,/^\s*$/ d' | head -n 7"
trafikito_ps="ps aux --sort=-%mem,-%cpu --width 200 | head -n 7"

"""Words that mean the same thing in a how-to question, one group per meaning.

General vocabulary of using a computer, written as a thesaurus would list it, not for
particular cards or queries: each word of a query also matches its group's other words
(ranked below the word itself). A word can sit in several groups. Keep groups to true
synonyms and well-known abbreviations; a group too broad makes every search noisy.
"""

from __future__ import annotations

SYNONYM_GROUPS: tuple[frozenset[str], ...] = tuple(
    frozenset(line.split())
    for line in """
    show display view print list see output
    create make add new
    generate create
    delete remove erase destroy
    uninstall remove purge
    change modify alter edit set
    update upgrade refresh
    find search locate lookup look
    copy duplicate clone
    duplicate repeated identical
    move rename relocate
    start launch begin
    run execute launch invoke
    stop halt end terminate
    kill terminate
    restart reload
    reboot restart
    shutdown poweroff
    open load
    close quit exit
    save store write
    read load
    download fetch retrieve
    upload send transfer
    copy transfer
    compress shrink pack
    extract unpack decompress uncompress
    archive tarball bundle
    encrypt encipher
    decrypt decipher
    checksum hash digest fingerprint
    compare diff difference
    permission permissions mode rights
    owner ownership
    user account
    password passwd passphrase
    directory folder dir
    configuration config settings preferences
    information info details
    temporary temp tmp
    memory ram mem
    disk drive storage
    partition volume
    space room
    free available unused
    log journal
    message msg
    computer machine host pc
    server host
    web internet www
    program application app executable binary
    command program
    process task job
    service daemon
    terminal console tty
    shell terminal
    error fault failure
    check verify validate test
    fix repair
    time clock
    schedule timer
    repeatedly periodically regularly
    boot startup
    enable activate
    disable deactivate
    install setup
    package pkg
    connect login
    port socket
    address addr
    interface adapter nic
    image picture photo
    convert transform
    large big huge
    small tiny little
    piece part chunk segment
    split divide
    join merge combine concatenate
    count tally
    first beginning top
    last bottom
    follow watch monitor track
    empty blank
    current working present
    clear clean wipe
    record capture
    debug troubleshoot
    manage control administer
    lower reduce decrease
    raise increase higher
    omit skip exclude ignore
    size length
    text string
    shortcut hotkey keybinding
    microphone mic
    """.strip().splitlines()
    if line.strip()
)

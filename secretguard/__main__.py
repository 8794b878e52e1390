from secretguard.entry import main

main()

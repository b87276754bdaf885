from a11y.cli import main

main()

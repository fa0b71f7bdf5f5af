from adoption_audit.cli.main import main

main()

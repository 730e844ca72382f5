// The floor the synthesis benchmark is compared to: `node -e "require('cdktf')"`.
import 'cdktf';
